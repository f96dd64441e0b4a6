package io.campusedge.hub.internal.kura;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.protos.kura.Kura.KuraPayload;
import io.campusedge.protos.kura.Kura.KuraPayload.KuraMetric;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.ClockState;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Room;
import io.campusedge.protos.v1.Topics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kura gateways as the hub sees them: BIRTH (and APPS) register the gateway, its room and one
 * device per application; DC and LWT mark it offline; data messages become readings of the device
 * named by the topic's app id and resource path. Everything comes out as native CampusEdge messages
 * on the mapped gateway's topics, for the same ingestion path as a CampusEdge gateway. Kura
 * messages carry no sequence number, so the hub numbers records itself, in arrival order, per
 * session (a BIRTH, or the first message heard since the hub started). Not thread-safe.
 */
final class KuraSessions {
  private static final Logger LOG = LoggerFactory.getLogger(KuraSessions.class);
  // Birth certificate metrics (Kura's CloudService "birth certificate").
  static final String APPLICATION_IDS = "application_ids";
  static final String DISPLAY_NAME = "display_name";
  static final String MODEL_NAME = "model_name";
  static final String FIRMWARE_VERSION = "firmware_version";
  private static final String GATEWAY_DEVICE_TYPE = "kura-gateway";
  private static final String APP_DEVICE_TYPE = "kura-app";

  /** A native CampusEdge message for the ingest queue. */
  record Ingest(String topic, byte[] payload) {}

  record Stats(long unmapped, long malformed, long skippedMetrics) {}

  private record GatewayKey(String account, String clientId) {}

  private static final class Session {
    final KuraGateway gateway;
    final long epoch;
    final Set<String> devices = new LinkedHashSet<>();
    String model = "Eclipse Kura";
    String version = "Kura";
    long recordSeq;
    boolean online = true;

    Session(KuraGateway gateway, long epoch) {
      this.gateway = gateway;
      this.epoch = epoch;
    }
  }

  private final Map<GatewayKey, KuraGateway> mappings = new HashMap<>();
  private final Map<GatewayKey, Session> sessions = new HashMap<>();
  private final Map<GatewayKey, Long> lastEpoch = new HashMap<>();
  private final Set<GatewayKey> reportedUnmapped = new HashSet<>();
  private final Set<String> onlineGateways = ConcurrentHashMap.newKeySet();
  private final Clock clock;
  private final AtomicLong unmapped = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong skippedMetrics = new AtomicLong();

  KuraSessions(List<KuraGateway> gateways, Clock clock) {
    for (KuraGateway gateway : gateways) {
      KuraGateway earlier =
          mappings.put(new GatewayKey(gateway.account(), gateway.clientId()), gateway);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "campusedge.kura.gateways: "
                + gateway.account()
                + "/"
                + gateway.clientId()
                + " is mapped twice");
      }
    }
    this.clock = clock;
  }

  Stats stats() {
    return new Stats(unmapped.get(), malformed.get(), skippedMetrics.get());
  }

  Set<String> onlineGateways() {
    return Set.copyOf(onlineGateways);
  }

  List<Ingest> accept(KuraTopic topic, byte[] bytes) {
    GatewayKey key = new GatewayKey(topic.account(), topic.clientId());
    KuraGateway gateway = mappings.get(key);
    if (gateway == null) {
      unmapped.incrementAndGet();
      if (reportedUnmapped.add(key)) {
        LOG.warn(
            "Kura gateway {}/{} is not in campusedge.kura.gateways; its messages are ignored",
            topic.account(),
            topic.clientId());
      }
      return List.of();
    }
    KuraPayload payload;
    try {
      payload = KuraPayload.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      malformed.incrementAndGet();
      LOG.warn("Malformed Kura payload on {} of {}: {}", topic, gateway.gateway(), e.getMessage());
      return List.of();
    }
    if (topic instanceof KuraTopic.Control control) {
      return switch (control.lifecycle()) {
        case BIRTH -> birth(key, gateway, payload);
        case APPS -> apps(key, gateway, payload);
        case DC, LWT -> death(key, control.lifecycle());
      };
    }
    return data(key, gateway, (KuraTopic.Data) topic, payload);
  }

  private List<Ingest> birth(GatewayKey key, KuraGateway gateway, KuraPayload payload) {
    Session session = newSession(key, gateway);
    describe(session, payload);
    LOG.info(
        "Kura gateway {}/{} born as {}/{} ({} apps)",
        key.account(),
        key.clientId(),
        gateway.site(),
        gateway.gateway(),
        session.devices.size());
    return List.of(state(session, true));
  }

  private List<Ingest> apps(GatewayKey key, KuraGateway gateway, KuraPayload payload) {
    Session session = sessions.get(key);
    if (session == null || !session.online) {
      session = newSession(key, gateway);
    }
    describe(session, payload);
    return List.of(state(session, true));
  }

  private List<Ingest> death(GatewayKey key, KuraTopic.Lifecycle lifecycle) {
    Session session = sessions.get(key);
    if (session == null || !session.online) {
      return List.of();
    }
    session.online = false;
    onlineGateways.remove(session.gateway.gateway());
    LOG.info("Kura gateway {}/{} offline ({})", key.account(), key.clientId(), lifecycle);
    return List.of(state(session, false));
  }

  // Data may come before any BIRTH the hub has seen (the hub started after the gateway): Kura has
  // no rebirth request, so the data itself starts a session.
  private List<Ingest> data(
      GatewayKey key, KuraGateway gateway, KuraTopic.Data topic, KuraPayload payload) {
    List<Ingest> ingests = new ArrayList<>();
    String source = truncate(topic.source(), 128);
    Session session = sessions.get(key);
    if (session == null || !session.online) {
      session = newSession(key, gateway);
      session.devices.add(source);
      ingests.add(state(session, true));
    } else if (session.devices.add(source)) {
      ingests.add(state(session, true));
    }
    readings(session, source, payload).ifPresent(ingests::add);
    return ingests;
  }

  private Session newSession(GatewayKey key, KuraGateway gateway) {
    long epoch = Math.max(clock.millis(), lastEpoch.getOrDefault(key, 0L) + 1);
    lastEpoch.put(key, epoch);
    Session session = new Session(gateway, epoch);
    sessions.put(key, session);
    onlineGateways.add(gateway.gateway());
    return session;
  }

  private static void describe(Session session, KuraPayload payload) {
    for (KuraMetric metric : payload.getMetricList()) {
      if (!metric.hasStringValue()) {
        continue;
      }
      switch (metric.getName()) {
        case APPLICATION_IDS -> {
          for (String app : metric.getStringValue().split(",")) {
            if (!app.isBlank()) {
              session.devices.add(app.trim());
            }
          }
        }
        case MODEL_NAME -> session.model = metric.getStringValue();
        case FIRMWARE_VERSION -> session.version = "Kura " + metric.getStringValue();
        default -> {}
      }
    }
  }

  private Optional<Ingest> readings(Session session, String source, KuraPayload payload) {
    long time = payload.hasTimestamp() ? payload.getTimestamp() : clock.millis();
    List<Reading> readings = new ArrayList<>();
    for (KuraMetric metric : payload.getMetricList()) {
      Optional<Reading> reading = reading(source, metric, time);
      if (reading.isEmpty()) {
        skippedMetrics.incrementAndGet();
        continue;
      }
      readings.add(reading.get());
    }
    if (payload.hasPosition()) {
      KuraPayload.KuraPosition position = payload.getPosition();
      long at = position.hasTimestamp() ? position.getTimestamp() : time;
      readings.add(degrees(source, "position/latitude", position.getLatitude(), at));
      readings.add(degrees(source, "position/longitude", position.getLongitude(), at));
    }
    if (readings.isEmpty()) {
      return Optional.empty();
    }
    ClockState synced = ClockState.newBuilder().setSynced(true).build();
    Batch.Builder batch =
        Batch.newBuilder()
            .setSite(session.gateway.site())
            .setGatewayId(session.gateway.gateway())
            .setEpoch(session.epoch)
            .setSentTimeMs(clock.millis());
    for (Reading reading : readings) {
      batch.addRecords(
          Record.newBuilder().setSeq(++session.recordSeq).setClock(synced).setReading(reading));
    }
    return Optional.of(
        new Ingest(
            Topics.topic(session.gateway.site(), session.gateway.gateway(), Topics.Kind.DATA),
            batch.build().toByteArray()));
  }

  /** Kura's value types; BYTES and metrics without name, type or value have no reading. */
  static Optional<Reading> reading(String deviceId, KuraMetric metric, long timeMs) {
    if (!metric.hasName() || metric.getName().isEmpty() || !metric.hasType()) {
      return Optional.empty();
    }
    Reading.Builder reading =
        Reading.newBuilder()
            .setDeviceId(deviceId)
            .setMetric(metric.getName())
            .setSourceTimeMs(timeMs)
            .setQuality(Quality.QUALITY_GOOD);
    switch (metric.getType()) {
      case DOUBLE -> {
        if (!metric.hasDoubleValue()) {
          return Optional.empty();
        }
        reading.setDoubleValue(metric.getDoubleValue());
      }
      case FLOAT -> {
        if (!metric.hasFloatValue()) {
          return Optional.empty();
        }
        reading.setDoubleValue(Double.parseDouble(Float.toString(metric.getFloatValue())));
      }
      case INT64 -> {
        if (!metric.hasLongValue()) {
          return Optional.empty();
        }
        reading.setIntValue(metric.getLongValue());
      }
      case INT32 -> {
        if (!metric.hasIntValue()) {
          return Optional.empty();
        }
        reading.setIntValue(metric.getIntValue());
      }
      case BOOL -> {
        if (!metric.hasBoolValue()) {
          return Optional.empty();
        }
        reading.setBoolValue(metric.getBoolValue());
      }
      case STRING -> {
        if (!metric.hasStringValue()) {
          return Optional.empty();
        }
        reading.setStringValue(metric.getStringValue());
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(reading.build());
  }

  private static Reading degrees(String deviceId, String metric, double value, long timeMs) {
    return Reading.newBuilder()
        .setDeviceId(deviceId)
        .setMetric(metric)
        .setSourceTimeMs(timeMs)
        .setDoubleValue(value)
        .setUnit("deg")
        .setQuality(Quality.QUALITY_GOOD)
        .build();
  }

  private Ingest state(Session session, boolean online) {
    KuraGateway gateway = session.gateway;
    GatewayState.Builder state =
        GatewayState.newBuilder()
            .setOnline(online)
            .setSite(gateway.site())
            .setGatewayId(gateway.gateway())
            .setEpoch(session.epoch)
            .setBootId("kura-" + session.epoch)
            .setSoftwareVersion(truncate(session.version, 64))
            .setTimeMs(clock.millis())
            .addRooms(Room.newBuilder().setId(gateway.room()).setName(gateway.displayRoomName()))
            .addDevices(
                DeviceInfo.newBuilder()
                    .setDeviceId(gateway.clientId())
                    .setType(GATEWAY_DEVICE_TYPE)
                    .setRoomId(gateway.room())
                    .setModel(truncate(session.model, 128)));
    for (String device : session.devices) {
      state.addDevices(
          DeviceInfo.newBuilder()
              .setDeviceId(device)
              .setType(APP_DEVICE_TYPE)
              .setRoomId(gateway.room())
              .setModel(truncate(session.model, 128)));
    }
    return new Ingest(
        Topics.topic(gateway.site(), gateway.gateway(), Topics.Kind.STATE),
        state.build().toByteArray());
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
