package io.campusedge.hub.internal.events;

import io.campusedge.hub.internal.config.EventsConfig;
import io.campusedge.hub.internal.live.LiveState;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.campusedge.hub.internal.store.KnownDevice;
import io.campusedge.hub.internal.store.ReadingQuality;
import io.campusedge.hub.internal.store.RegisteredGateway;
import io.campusedge.hub.internal.store.StoredReading;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Fans committed readings and gateway changes out to the live-event subscribers (SSE clients).
 * Publishing never waits: each subscriber has its own bounded buffer, and a subscriber whose buffer
 * is full is dropped (its stream ends, the client reconnects) instead of slowing ingestion.
 */
@Singleton
public class LiveEvents {
  private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);
  // Events handed from a client's buffer to its sending thread at a time: one, so the buffer
  // alone decides when a client is too far behind and is dropped.
  private static final int PREFETCH = 1;

  private final LiveState live;
  private final GatewayRegistry registry;
  private final EventsConfig config;
  private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicLong dropped = new AtomicLong();
  private volatile PeerRelay relay = PeerRelay.NONE;

  public LiveEvents(LiveState live, GatewayRegistry registry, EventsConfig config) {
    this.live = live;
    this.registry = registry;
    this.config = config;
  }

  /**
   * Events matching {@code filter} from now on, until the subscriber cancels or falls more than the
   * buffer behind.
   */
  public Flux<LiveEvent> subscribe(String who, Predicate<LiveEvent> filter) {
    Queue<LiveEvent> buffer = new ArrayBlockingQueue<>(config.clientBuffer());
    Subscriber subscriber =
        new Subscriber(
            who, filter, Sinks.many().unicast().onBackpressureBuffer(buffer), Sinks.empty());
    // Serialising and writing each client's events happens on Reactor's parallel threads, not on
    // the after-commit thread that emits them (which would otherwise wait for every client's
    // encoding, and the ingest worker behind it); order per client is kept.
    return subscriber
        .events
        .asFlux()
        .publishOn(Schedulers.parallel(), PREFETCH)
        .takeUntilOther(subscriber.dropped.asMono())
        .doOnSubscribe(subscription -> subscribers.add(subscriber))
        .doFinally(signal -> subscribers.remove(subscriber));
  }

  /** Passes this instance's events to the other instances from now on. */
  public void relayTo(PeerRelay peers) {
    this.relay = peers;
  }

  /** Readings of one site just committed (called after the commit, off the ingest worker). */
  public void readingsCommitted(String site, Collection<StoredReading> readings) {
    if (!readings.isEmpty()) {
      relay.readings(site, readings);
    }
    publishLocally(site, readings);
  }

  /** Readings another instance committed: this instance's latest values, then its clients. */
  public void readingsFromPeer(String site, Collection<StoredReading> readings) {
    live.apply(readings);
    publishLocally(site, readings);
  }

  /**
   * An event of another instance, for this instance's clients; a gateway's birth or death there may
   * have changed its rooms and devices, which this instance then reads again.
   */
  public void fromPeer(LiveEvent event) {
    if (event instanceof LiveEvent.GatewayEvent) {
      live.reloadInventory();
    }
    fanOut(event);
  }

  private void publishLocally(String site, Collection<StoredReading> readings) {
    if (subscribers.isEmpty()) {
      return;
    }
    for (StoredReading reading : readings) {
      fanOut(readingEvent(site, reading));
    }
  }

  public void gatewayChanged(String site, String gatewayId, boolean online, String reason) {
    publish(new LiveEvent.GatewayEvent(site, gatewayId, online, reason, Instant.now().toString()));
  }

  /** Marked offline by the silence check, which knows only the id. */
  public void gatewaySilent(String gatewayId) {
    Optional<RegisteredGateway> gateway = registry.find(gatewayId);
    gateway.ifPresent(
        g -> gatewayChanged(g.site(), gatewayId, false, "nothing heard for two heartbeats"));
  }

  public int subscriberCount() {
    return subscribers.size();
  }

  /** Subscribers dropped for falling behind, since start. */
  public long droppedCount() {
    return dropped.get();
  }

  /** Sends an event to every subscriber whose filter takes it, here and on the other instances. */
  public void publish(LiveEvent event) {
    relay.event(event);
    fanOut(event);
  }

  // Never waits.
  private void fanOut(LiveEvent event) {
    for (Subscriber subscriber : subscribers) {
      if (subscriber.filter.test(event)) {
        subscriber.offer(event, this);
      }
    }
  }

  private void drop(Subscriber subscriber) {
    if (subscribers.remove(subscriber)) {
      dropped.incrementAndGet();
      LOG.warn(
          "Live events: dropped the stream of {}: it fell {} events behind (slow client or"
              + " network); it may reconnect",
          subscriber.who,
          config.clientBuffer());
      subscriber.dropped.tryEmitEmpty();
    }
  }

  private LiveEvent.ReadingEvent readingEvent(String site, StoredReading reading) {
    Optional<KnownDevice> device = live.device(reading.gatewayId(), reading.deviceId());
    boolean good = reading.quality() == ReadingQuality.GOOD;
    return new LiveEvent.ReadingEvent(
        site,
        device.map(KnownDevice::roomId).orElse(null),
        reading.gatewayId(),
        reading.deviceId(),
        reading.metric(),
        reading.value().asJson(),
        reading.unit(),
        reading.quality().name(),
        good || reading.qualityReason().isEmpty() ? null : reading.qualityReason(),
        reading.sourceTime().toString());
  }

  private record Subscriber(
      String who,
      Predicate<LiveEvent> filter,
      Sinks.Many<LiveEvent> events,
      Sinks.Empty<Void> dropped) {

    // Emission from several threads (ingest worker, offline check) must be serialized.
    void offer(LiveEvent event, LiveEvents bus) {
      Sinks.EmitResult result;
      synchronized (this) {
        result = events.tryEmitNext(event);
      }
      if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
        bus.drop(this);
      }
    }
  }
}
