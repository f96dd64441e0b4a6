package io.campusedge.agent.internal.scheduler;

import io.campusedge.agent.internal.clock.AgentClock;
import io.campusedge.agent.internal.outbox.DiskFullException;
import io.campusedge.agent.internal.outbox.Lane;
import io.campusedge.agent.internal.outbox.Outbox;
import io.campusedge.drivers.api.RecordSink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RecordSink} drivers write to: wraps each observation in a {@link Record} with the
 * clock state and appends it to the outbox. A card tap returns only once it is on disk; telemetry
 * joins the next group commit without waiting.
 */
public final class OutboxSink implements RecordSink {
  private static final Logger log = LoggerFactory.getLogger(OutboxSink.class);
  private static final long TAP_WAIT_SECONDS = 10;

  private final Outbox outbox;
  private final AgentClock clock;

  public OutboxSink(Outbox outbox, AgentClock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public void reading(Reading reading) {
    append(Lane.TELEMETRY, record().setReading(reading));
  }

  @Override
  public void cardTap(CardTap tap) {
    CompletableFuture<Long> stored = append(Lane.ATTENDANCE, record().setCardTap(tap));
    try {
      stored.get(TAP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DiskFullException full && full.heldInMemory()) {
        log.warn(
            "Card tap on reader {} held in memory: the disk is full; it is stored when space"
                + " returns",
            tap.getReaderId());
      } else {
        log.error("Card tap on reader {} not stored: {}", tap.getReaderId(), e.getCause());
      }
    } catch (TimeoutException e) {
      log.error("Card tap on reader {} not stored: {}", tap.getReaderId(), e.toString());
    }
  }

  @Override
  public void equipmentEvent(EquipmentEvent event) {
    append(Lane.EVENTS, record().setEquipmentEvent(event));
  }

  @Override
  public void deviceStatus(DeviceStatus status) {
    append(Lane.TELEMETRY, record().setDeviceStatus(status));
  }

  private Record.Builder record() {
    return Record.newBuilder().setClock(clock.state());
  }

  private CompletableFuture<Long> append(Lane lane, Record.Builder record) {
    CompletableFuture<Long> stored = outbox.append(lane, record.build());
    stored.exceptionally(
        failure -> {
          // A full disk is logged once by the outbox and counted, not per record.
          if (!(failure instanceof DiskFullException)
              && !(failure.getCause() instanceof DiskFullException)) {
            log.error("Record not stored in the outbox: {}", failure.getMessage());
          }
          return null;
        });
    return stored;
  }
}
