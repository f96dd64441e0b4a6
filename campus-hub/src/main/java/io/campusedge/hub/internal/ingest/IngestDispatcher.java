package io.campusedge.hub.internal.ingest;

import io.campusedge.hub.internal.command.GatewayCommands;
import io.campusedge.protos.v1.Topics;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a group of queued messages by topic kind: states and command results one by one, on the
 * worker, data batches together to storage. Nothing thrown here reaches the queue's worker.
 */
@Singleton
public class IngestDispatcher implements IngestQueue.GroupHandler {
  private static final Logger LOG = LoggerFactory.getLogger(IngestDispatcher.class);

  private final BatchIngest batches;
  private final GatewayStateIngest states;
  private final GatewayLiveness liveness;
  private final GatewayCommands commands;

  public IngestDispatcher(
      BatchIngest batches,
      GatewayStateIngest states,
      GatewayLiveness liveness,
      GatewayCommands commands) {
    this.batches = batches;
    this.states = states;
    this.liveness = liveness;
    this.commands = commands;
  }

  @Override
  public CompletableFuture<Void> handle(List<Delivery> group) {
    List<BatchIngest.DataMessage> data = new ArrayList<>(group.size());
    for (Delivery delivery : group) {
      Optional<Topics.Address> address = Topics.parse(delivery.topic());
      if (address.isEmpty()) {
        LOG.debug("Ignoring message on {}", delivery.topic());
        continue;
      }
      switch (address.get().kind()) {
        case DATA -> {
          // In arrival order, so data received before a death message does not outlive it.
          liveness.heard(address.get().gateway());
          data.add(new BatchIngest.DataMessage(address.get(), delivery.payload()));
        }
        case STATE -> acceptState(address.get(), delivery.payload());
        case CMD_RESULT -> acceptResult(address.get(), delivery.payload());
        default -> LOG.debug("Ignoring message on {}", delivery.topic());
      }
    }
    if (data.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    try {
      return batches.acceptAll(data);
    } catch (RuntimeException e) {
      LOG.error("Unexpected failure ingesting {} batches", data.size(), e);
      return CompletableFuture.completedFuture(null);
    }
  }

  @Override
  public void idle() {
    batches.retryAcks();
  }

  private void acceptResult(Topics.Address address, byte[] payload) {
    try {
      commands.result(address, payload);
    } catch (RuntimeException e) {
      LOG.error("Unexpected failure handling a command result on {}", address.topic(), e);
    }
  }

  private void acceptState(Topics.Address address, byte[] payload) {
    try {
      states.accept(address, payload);
    } catch (RuntimeException e) {
      LOG.error("Unexpected failure handling a state on {}", address.topic(), e);
    }
  }
}
