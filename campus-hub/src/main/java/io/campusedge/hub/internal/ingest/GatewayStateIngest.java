package io.campusedge.hub.internal.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.hub.internal.environment.AlertRules;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.live.LiveState;
import io.campusedge.hub.internal.store.GatewayInventoryStore;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Topics;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A GatewayState (birth or death) on a state topic: status, rooms and devices. */
@Singleton
public class GatewayStateIngest {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayStateIngest.class);

  private final GatewayRegistry registry;
  private final GatewayInventoryStore inventory;
  private final LiveState live;
  private final IngestStats stats;
  private final GatewayLiveness liveness;
  private final LiveEvents events;
  private final AlertRules alertRules;

  public GatewayStateIngest(
      GatewayRegistry registry,
      GatewayInventoryStore inventory,
      LiveState live,
      IngestStats stats,
      GatewayLiveness liveness,
      LiveEvents events,
      AlertRules alertRules) {
    this.alertRules = alertRules;
    this.registry = registry;
    this.inventory = inventory;
    this.live = live;
    this.stats = stats;
    this.liveness = liveness;
    this.events = events;
  }

  void accept(Topics.Address topic, byte[] payload) {
    if (payload.length == 0) {
      return; // a cleared retained message, not a state
    }
    GatewayState state;
    try {
      state = GatewayState.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      reject(topic, new Rejection(RejectCause.MALFORMED_PAYLOAD, e.getMessage()));
      return;
    }
    Optional<Rejection> invalid =
        BatchValidator.validateSender(
            topic, state.getSite(), state.getGatewayId(), registry.find(state.getGatewayId()));
    if (invalid.isPresent()) {
      reject(topic, invalid.get());
      return;
    }
    try {
      inventory.apply(state);
    } catch (RuntimeException e) {
      reject(topic, new Rejection(RejectCause.STORE_FAILED, e.toString()));
      return;
    }
    stats.stateApplied();
    if (state.getOnline()) {
      liveness.heard(state.getGatewayId());
    } else {
      liveness.forget(state.getGatewayId());
    }
    live.reloadInventory();
    events.gatewayChanged(
        state.getSite(),
        state.getGatewayId(),
        state.getOnline(),
        state.getOnline() ? "birth" : "death message");
    alertRules.gatewayChanged(
        state.getSite(),
        state.getGatewayId(),
        state.getOnline(),
        state.getOnline() ? "birth" : "its death message (shut down or connection lost)");
    alertRules.gatewayState(state);
    LOG.info(
        "Gateway {}/{} is {} (epoch {}, version {}, {} rooms, {} devices)",
        state.getSite(),
        state.getGatewayId(),
        state.getOnline() ? "online" : "offline",
        state.getEpoch(),
        state.getSoftwareVersion(),
        state.getRoomsCount(),
        state.getDevicesCount());
  }

  private void reject(Topics.Address topic, Rejection rejection) {
    String source = topic.site() + "/" + topic.gateway();
    if (stats.rejected(rejection.cause(), source)) {
      LOG.warn(
          "Rejected state from {}: {} ({}); further rejections for this cause are only counted",
          source,
          rejection.cause().key(),
          rejection.detail());
    }
  }
}
