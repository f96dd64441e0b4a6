package io.campusedge.hub.internal.sparkplug;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.hub.internal.sparkplug.SparkplugTopic.MessageType;
import io.campusedge.protos.sparkplug.CampusEdgeMetrics;
import io.campusedge.protos.sparkplug.SparkplugB.DataType;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.ClockState;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Room;
import io.campusedge.protos.v1.SeqRange;
import io.campusedge.protos.v1.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host application's view of its edge nodes (Sparkplug 3.0, chapter 5 "Operational Behavior"):
 * births register nodes, devices and metric aliases; data is checked against the node's seq (0-255,
 * wrapping); a gap, data before a birth or an unknown alias asks the node for a rebirth; a death
 * counts only with the bdSeq of the current birth. What it accepts comes out as native CampusEdge
 * messages (a {@link GatewayState} on the state topic, a {@link Batch} on the data topic of the
 * mapped gateway), so Sparkplug data takes the same ingestion and storage path as a CampusEdge
 * gateway's. Not thread-safe: one MQTT callback thread calls it.
 */
final class EdgeNodeSessions {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeNodeSessions.class);
  static final String BD_SEQ = "bdSeq";
  static final String REBIRTH = "Node Control/Rebirth";
  private static final String NODE_DEVICE_TYPE = "sparkplug-edge-node";
  private static final String DEVICE_TYPE = "sparkplug-device";

  /** What the host does with a message: hand native bytes to ingestion, or command the node. */
  sealed interface Action {}

  /** A native CampusEdge message for the ingest queue. */
  record Ingest(String topic, byte[] payload) implements Action {}

  /** An NCMD to publish (QoS 0, not retained: Sparkplug 3.0, Topics chapter). */
  record Command(String topic, byte[] payload) implements Action {}

  /** Counters, for logs, metrics and tests. */
  record Stats(
      long seqGaps,
      long rebirthRequests,
      long dataBeforeBirth,
      long staleDeaths,
      long unmapped,
      long malformed,
      long skippedMetrics) {}

  private record NodeKey(String group, String edgeNode) {}

  private record MetricDefinition(String name, int datatype) {}

  /** Metric names and aliases of one birth (the node's, or a device's). */
  private static final class Definitions {
    final Map<Long, MetricDefinition> byAlias = new HashMap<>();
    final Map<String, MetricDefinition> byName = new HashMap<>();
  }

  private static final class Session {
    final SparkplugEdgeNode node;
    final long bdSeq;
    final long epoch;
    // A CampusEdge agent: records carry their outbox seq, the epoch is the agent's (see
    // CampusEdgeMetrics), so the hub's native ack tells the agent what it may delete.
    final boolean numbered;
    final Definitions nodeMetrics = new Definitions();
    final Map<String, Definitions> devices = new LinkedHashMap<>();
    final Set<String> devicesOnline = new HashSet<>();
    int lastSeq;
    long recordSeq;
    boolean online = true;

    Session(SparkplugEdgeNode node, long bdSeq, long epoch, boolean numbered, int birthSeq) {
      this.node = node;
      this.bdSeq = bdSeq;
      this.epoch = epoch;
      this.numbered = numbered;
      this.lastSeq = birthSeq;
    }
  }

  private final Map<NodeKey, SparkplugEdgeNode> mappings = new HashMap<>();
  private final Map<NodeKey, Session> sessions = new HashMap<>();
  private final Map<NodeKey, Long> lastEpoch = new HashMap<>();
  private final Map<NodeKey, Long> lastRebirthRequestMs = new HashMap<>();
  private final Set<NodeKey> reportedUnmapped = new HashSet<>();
  // Read by the liveness timer on another thread.
  private final Set<String> onlineGateways = ConcurrentHashMap.newKeySet();
  private final Clock clock;
  private final long rebirthIntervalMs;
  private final AtomicLong seqGaps = new AtomicLong();
  private final AtomicLong rebirthRequests = new AtomicLong();
  private final AtomicLong dataBeforeBirth = new AtomicLong();
  private final AtomicLong staleDeaths = new AtomicLong();
  private final AtomicLong unmapped = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong skippedMetrics = new AtomicLong();

  EdgeNodeSessions(List<SparkplugEdgeNode> nodes, Clock clock, Duration rebirthInterval) {
    for (SparkplugEdgeNode node : nodes) {
      SparkplugEdgeNode earlier = mappings.put(new NodeKey(node.group(), node.edgeNode()), node);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "campusedge.sparkplug.edge-nodes: "
                + node.group()
                + "/"
                + node.edgeNode()
                + " is mapped twice (gateways "
                + earlier.gateway()
                + " and "
                + node.gateway()
                + ")");
      }
    }
    this.clock = clock;
    this.rebirthIntervalMs = rebirthInterval.toMillis();
  }

  Stats stats() {
    return new Stats(
        seqGaps.get(),
        rebirthRequests.get(),
        dataBeforeBirth.get(),
        staleDeaths.get(),
        unmapped.get(),
        malformed.get(),
        skippedMetrics.get());
  }

  /** Gateways of the edge nodes online now: a node silent between births is still online. */
  Set<String> onlineGateways() {
    return Set.copyOf(onlineGateways);
  }

  List<Action> accept(SparkplugTopic topic, byte[] bytes) {
    NodeKey key = new NodeKey(topic.group(), topic.edgeNode());
    SparkplugEdgeNode node = mappings.get(key);
    if (node == null) {
      unmapped.incrementAndGet();
      if (reportedUnmapped.add(key)) {
        LOG.warn(
            "Sparkplug edge node {}/{} is not in campusedge.sparkplug.edge-nodes; its messages are"
                + " ignored",
            topic.group(),
            topic.edgeNode());
      }
      return List.of();
    }
    if (topic.type() == MessageType.NCMD || topic.type() == MessageType.DCMD) {
      return List.of(); // commands, ours or another host's
    }
    Payload payload;
    try {
      payload = Payload.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      malformed.incrementAndGet();
      LOG.warn("Malformed Sparkplug {} from {}: {}", topic.type(), node.gateway(), e.getMessage());
      return topic.type() == MessageType.NDEATH ? List.of() : rebirth(key, "malformed payload");
    }
    return switch (topic.type()) {
      case NBIRTH -> nodeBirth(key, node, payload);
      case NDEATH -> nodeDeath(key, payload);
      case NDATA -> nodeData(key, payload);
      case DBIRTH -> deviceBirth(key, topic.device().orElseThrow(), payload);
      case DDATA -> deviceData(key, topic.device().orElseThrow(), payload);
      case DDEATH -> deviceDeath(key, topic.device().orElseThrow(), payload);
      case NCMD, DCMD -> List.of();
    };
  }

  private List<Action> nodeBirth(NodeKey key, SparkplugEdgeNode node, Payload payload) {
    Optional<Long> bdSeq = bdSeq(payload);
    if (bdSeq.isEmpty() || !validSeq(payload)) {
      malformed.incrementAndGet();
      return rebirth(key, "NBIRTH without bdSeq metric or seq 0-255");
    }
    Optional<Long> agentEpoch = longMetric(payload, CampusEdgeMetrics.EPOCH).filter(e -> e > 0);
    long epoch;
    if (agentEpoch.isPresent()) {
      epoch = agentEpoch.get();
    } else {
      // Records of each birth are a new stream; a later birth of the same millisecond still gets a
      // later epoch.
      epoch = Math.max(clock.millis(), lastEpoch.getOrDefault(key, 0L) + 1);
      lastEpoch.put(key, epoch);
    }
    Session session =
        new Session(node, bdSeq.get(), epoch, agentEpoch.isPresent(), (int) payload.getSeq());
    sessions.put(key, session);
    lastRebirthRequestMs.remove(key);
    onlineGateways.add(node.gateway());
    define(session.nodeMetrics, payload);
    List<Action> actions = new ArrayList<>();
    actions.add(state(session, true));
    if (!session.numbered) {
      actions.addAll(birthReadings(key, session, node.edgeNode(), session.nodeMetrics, payload));
    }
    LOG.info(
        "Sparkplug edge node {}/{} born (bdSeq {}) as gateway {}/{}",
        key.group(),
        key.edgeNode(),
        bdSeq.get(),
        node.site(),
        node.gateway());
    return actions;
  }

  private List<Action> nodeDeath(NodeKey key, Payload payload) {
    Session session = sessions.get(key);
    Optional<Long> bdSeq = bdSeq(payload);
    if (session == null || !session.online || bdSeq.isEmpty() || bdSeq.get() != session.bdSeq) {
      // Sparkplug 3.0, Operational Behavior: a will left by an earlier connection must not kill the
      // current session.
      staleDeaths.incrementAndGet();
      LOG.info(
          "Ignoring NDEATH of {}/{} with bdSeq {} (current birth: {})",
          key.group(),
          key.edgeNode(),
          bdSeq.map(String::valueOf).orElse("none"),
          session == null || !session.online ? "none" : String.valueOf(session.bdSeq));
      return List.of();
    }
    session.online = false;
    session.devicesOnline.clear();
    onlineGateways.remove(session.node.gateway());
    LOG.info("Sparkplug edge node {}/{} died (bdSeq {})", key.group(), key.edgeNode(), bdSeq.get());
    return List.of(state(session, false));
  }

  private List<Action> nodeData(NodeKey key, Payload payload) {
    Optional<Session> session = bornSession(key);
    if (session.isEmpty()) {
      return rebirth(key, "NDATA before NBIRTH");
    }
    List<Action> actions = new ArrayList<>(checkSeq(key, session.get(), payload));
    Optional<Action> data;
    try {
      data = readings(session.get(), key.edgeNode(), session.get().nodeMetrics, payload);
    } catch (UnknownAlias e) {
      return rebirth(key, e.getMessage());
    }
    data.ifPresent(actions::add);
    return actions;
  }

  private List<Action> deviceBirth(NodeKey key, String device, Payload payload) {
    Optional<Session> found = bornSession(key);
    if (found.isEmpty()) {
      return rebirth(key, "DBIRTH of " + device + " before NBIRTH");
    }
    Session session = found.get();
    List<Action> actions = new ArrayList<>(checkSeq(key, session, payload));
    Definitions definitions = new Definitions();
    define(definitions, payload);
    session.devices.put(device, definitions);
    session.devicesOnline.add(device);
    actions.add(state(session, true));
    if (!session.numbered) {
      // A numbered node's birth values repeat records it sends (or sent) as data.
      actions.addAll(birthReadings(key, session, device, definitions, payload));
    }
    return actions;
  }

  private List<Action> deviceData(NodeKey key, String device, Payload payload) {
    Optional<Session> found = bornSession(key);
    if (found.isEmpty() || !found.get().devicesOnline.contains(device)) {
      return rebirth(key, "DDATA of " + device + " before its DBIRTH");
    }
    Session session = found.get();
    List<Action> actions = new ArrayList<>(checkSeq(key, session, payload));
    try {
      readings(session, device, session.devices.get(device), payload).ifPresent(actions::add);
    } catch (UnknownAlias e) {
      return rebirth(key, e.getMessage());
    }
    return actions;
  }

  private List<Action> deviceDeath(NodeKey key, String device, Payload payload) {
    Optional<Session> found = bornSession(key);
    if (found.isEmpty() || !found.get().devicesOnline.contains(device)) {
      return List.of();
    }
    Session session = found.get();
    List<Action> actions = new ArrayList<>(checkSeq(key, session, payload));
    session.devicesOnline.remove(device);
    if (session.numbered) {
      return actions; // the agent's own device statuses travel as numbered records
    }
    long time = payload.hasTimestamp() ? payload.getTimestamp() : clock.millis();
    Record.Builder offline =
        Record.newBuilder()
            .setDeviceStatus(
                DeviceStatus.newBuilder()
                    .setDeviceId(device)
                    .setSourceTimeMs(time)
                    .setReachable(false)
                    .setError("Sparkplug DDEATH"));
    actions.add(batch(session, List.of(offline)));
    return actions;
  }

  // Every metric of a birth has a name (Sparkplug 3.0, Payloads, Metric); one without is refused.
  private List<Action> birthReadings(
      NodeKey key, Session session, String deviceId, Definitions definitions, Payload birth) {
    try {
      return readings(session, deviceId, definitions, birth).stream().toList();
    } catch (UnknownAlias e) {
      malformed.incrementAndGet();
      return rebirth(key, "birth of " + deviceId + " has a metric without a name");
    }
  }

  private Optional<Session> bornSession(NodeKey key) {
    Session session = sessions.get(key);
    if (session == null || !session.online) {
      dataBeforeBirth.incrementAndGet();
      return Optional.empty();
    }
    return Optional.of(session);
  }

  // Sparkplug 3.0, Operational Behavior: every message of a node after NBIRTH has the next seq, 255
  // followed by 0.
  // The data of an out-of-sequence message is still stored (its values and times are complete);
  // the rebirth brings the host back to a known state.
  private List<Action> checkSeq(NodeKey key, Session session, Payload payload) {
    int expected = (session.lastSeq + 1) % 256;
    if (validSeq(payload) && payload.getSeq() == expected) {
      session.lastSeq = expected;
      return List.of();
    }
    seqGaps.incrementAndGet();
    String got = payload.hasSeq() ? String.valueOf(payload.getSeq()) : "none";
    if (validSeq(payload)) {
      session.lastSeq = (int) payload.getSeq();
    }
    return rebirth(key, "seq " + got + " where " + expected + " was expected");
  }

  private static boolean validSeq(Payload payload) {
    return payload.hasSeq() && payload.getSeq() >= 0 && payload.getSeq() <= 255;
  }

  private List<Action> rebirth(NodeKey key, String reason) {
    long now = clock.millis();
    Long last = lastRebirthRequestMs.get(key);
    if (last != null && now - last < rebirthIntervalMs) {
      LOG.debug("{}/{}: {}; rebirth already requested", key.group(), key.edgeNode(), reason);
      return List.of();
    }
    lastRebirthRequestMs.put(key, now);
    rebirthRequests.incrementAndGet();
    LOG.warn("{}/{}: {}; requesting a rebirth", key.group(), key.edgeNode(), reason);
    Payload command =
        Payload.newBuilder()
            .setTimestamp(now)
            .addMetrics(
                Payload.Metric.newBuilder()
                    .setName(REBIRTH)
                    .setTimestamp(now)
                    .setDatatype(DataType.BOOLEAN_VALUE)
                    .setBooleanValue(true))
            .build();
    return List.of(
        new Command(
            SparkplugTopic.nodeTopic(key.group(), MessageType.NCMD, key.edgeNode()),
            command.toByteArray()));
  }

  private static Optional<Long> bdSeq(Payload payload) {
    for (Payload.Metric metric : payload.getMetricsList()) {
      if (metric.getName().equals(BD_SEQ)) {
        return metric.getValueCase() == Payload.Metric.ValueCase.INT_VALUE
            ? Optional.of(Integer.toUnsignedLong(metric.getIntValue()))
            : Optional.of(metric.getLongValue());
      }
    }
    return Optional.empty();
  }

  private static void define(Definitions definitions, Payload birth) {
    for (Payload.Metric metric : birth.getMetricsList()) {
      if (!metric.hasName()) {
        continue;
      }
      MetricDefinition definition = new MetricDefinition(metric.getName(), metric.getDatatype());
      definitions.byName.put(metric.getName(), definition);
      if (metric.hasAlias()) {
        definitions.byAlias.put(metric.getAlias(), definition);
      }
    }
  }

  private static final class UnknownAlias extends Exception {
    UnknownAlias(String message) {
      super(message, null, false, false);
    }
  }

  /** The payload's scalar metrics as readings of {@code deviceId}, as one batch (empty: none). */
  private Optional<Action> readings(
      Session session, String deviceId, Definitions definitions, Payload payload)
      throws UnknownAlias {
    if (session.numbered) {
      return numberedRecords(session, deviceId, definitions, payload);
    }
    long fallbackTime = payload.hasTimestamp() ? payload.getTimestamp() : clock.millis();
    List<Record.Builder> records = new ArrayList<>();
    for (Payload.Metric metric : payload.getMetricsList()) {
      MetricDefinition definition = definition(definitions, metric, deviceId);
      if (SparkplugReadings.isControl(definition.name())) {
        continue;
      }
      int datatype = metric.hasDatatype() ? metric.getDatatype() : definition.datatype();
      Optional<Reading> reading =
          SparkplugReadings.reading(deviceId, definition.name(), datatype, metric, fallbackTime);
      if (reading.isEmpty()) {
        skippedMetrics.incrementAndGet();
        continue;
      }
      records.add(Record.newBuilder().setReading(reading.get()));
    }
    return records.isEmpty() ? Optional.empty() : Optional.of(batch(session, records));
  }

  /**
   * A CampusEdge agent's data: each metric with a {@link CampusEdgeMetrics#SEQ_PROPERTY} is the
   * record of that seq, and {@link CampusEdgeMetrics#EVICTED} settles seqs its outbox dropped. A
   * numbered metric that cannot be stored is counted and settled as evicted, so it is reported
   * instead of holding the agent's acks back for ever.
   */
  private Optional<Action> numberedRecords(
      Session session, String deviceId, Definitions definitions, Payload payload)
      throws UnknownAlias {
    long fallbackTime = payload.hasTimestamp() ? payload.getTimestamp() : clock.millis();
    List<Record.Builder> records = new ArrayList<>();
    List<SeqRange> evicted = new ArrayList<>();
    for (Payload.Metric metric : payload.getMetricsList()) {
      MetricDefinition definition = definition(definitions, metric, deviceId);
      if (definition.name().equals(CampusEdgeMetrics.EVICTED)) {
        evicted.addAll(CampusEdgeRecords.evictedRanges(metric.getStringValue()));
        continue;
      }
      Optional<Long> seq = CampusEdgeRecords.seq(metric);
      if (seq.isEmpty() || seq.get() <= 0) {
        continue;
      }
      Optional<Record.Builder> record = numberedRecord(deviceId, definition, metric, fallbackTime);
      if (record.isEmpty()) {
        skippedMetrics.incrementAndGet();
        LOG.warn(
            "{} seq {} ({}) cannot be stored; settled as evicted",
            deviceId,
            seq.get(),
            definition.name());
        evicted.add(SeqRange.newBuilder().setFirst(seq.get()).setLast(seq.get()).build());
        continue;
      }
      records.add(record.get().setSeq(seq.get()));
    }
    if (records.isEmpty() && evicted.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(numberedBatch(session, records, evicted));
  }

  private static Optional<Record.Builder> numberedRecord(
      String deviceId, MetricDefinition definition, Payload.Metric metric, long fallbackTime) {
    if (CampusEdgeRecords.isSpecial(definition.name())) {
      return CampusEdgeRecords.special(deviceId, definition.name(), metric);
    }
    int datatype = metric.hasDatatype() ? metric.getDatatype() : definition.datatype();
    return SparkplugReadings.reading(deviceId, definition.name(), datatype, metric, fallbackTime)
        .map(reading -> Record.newBuilder().setReading(reading));
  }

  private Action numberedBatch(
      Session session, List<Record.Builder> records, List<SeqRange> evicted) {
    ClockState clockState = ClockState.newBuilder().setSynced(true).build();
    Batch.Builder batch =
        Batch.newBuilder()
            .setSite(session.node.site())
            .setGatewayId(session.node.gateway())
            .setEpoch(session.epoch)
            .setSentTimeMs(clock.millis())
            .addAllEvicted(evicted);
    records.stream()
        .sorted(Comparator.comparingLong(Record.Builder::getSeq))
        .forEach(record -> batch.addRecords(record.setClock(clockState)));
    return new Ingest(
        Topics.topic(session.node.site(), session.node.gateway(), Topics.Kind.DATA),
        batch.build().toByteArray());
  }

  private static Optional<Long> longMetric(Payload payload, String name) {
    for (Payload.Metric metric : payload.getMetricsList()) {
      if (metric.getName().equals(name)) {
        return Optional.of(
            metric.getValueCase() == Payload.Metric.ValueCase.INT_VALUE
                ? Integer.toUnsignedLong(metric.getIntValue())
                : metric.getLongValue());
      }
    }
    return Optional.empty();
  }

  private static MetricDefinition definition(
      Definitions definitions, Payload.Metric metric, String deviceId) throws UnknownAlias {
    if (metric.hasName()) {
      MetricDefinition known = definitions.byName.get(metric.getName());
      return known != null ? known : new MetricDefinition(metric.getName(), metric.getDatatype());
    }
    MetricDefinition byAlias = definitions.byAlias.get(metric.getAlias());
    if (byAlias == null) {
      throw new UnknownAlias(
          "alias " + metric.getAlias() + " of " + deviceId + " not in its birth");
    }
    return byAlias;
  }

  private Action batch(Session session, List<Record.Builder> records) {
    // Sparkplug timestamps are UTC milliseconds (Payloads, Payload): the records count as
    // clock-synced.
    ClockState clockState = ClockState.newBuilder().setSynced(true).build();
    Batch.Builder batch =
        Batch.newBuilder()
            .setSite(session.node.site())
            .setGatewayId(session.node.gateway())
            .setEpoch(session.epoch)
            .setSentTimeMs(clock.millis());
    for (Record.Builder record : records) {
      batch.addRecords(record.setSeq(++session.recordSeq).setClock(clockState));
    }
    return new Ingest(
        Topics.topic(session.node.site(), session.node.gateway(), Topics.Kind.DATA),
        batch.build().toByteArray());
  }

  private Action state(Session session, boolean online) {
    SparkplugEdgeNode node = session.node;
    String model = "Sparkplug B " + node.group() + "/" + node.edgeNode();
    GatewayState.Builder state =
        GatewayState.newBuilder()
            .setOnline(online)
            .setSite(node.site())
            .setGatewayId(node.gateway())
            .setEpoch(session.epoch)
            .setBootId("spb-bdseq-" + session.bdSeq)
            .setSoftwareVersion("Sparkplug B")
            .setTimeMs(clock.millis())
            .addRooms(Room.newBuilder().setId(node.room()).setName(node.displayRoomName()))
            .addDevices(device(node.edgeNode(), NODE_DEVICE_TYPE, node.room(), model));
    for (String device : session.devices.keySet()) {
      state.addDevices(device(device, DEVICE_TYPE, node.room(), model));
    }
    return new Ingest(
        Topics.topic(node.site(), node.gateway(), Topics.Kind.STATE), state.build().toByteArray());
  }

  private static DeviceInfo device(String id, String type, String room, String model) {
    return DeviceInfo.newBuilder()
        .setDeviceId(id)
        .setType(type)
        .setRoomId(room)
        .setModel(model)
        .build();
  }
}
