package io.campusedge.agent.internal.uplink;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.agent.internal.outbox.EvictedRange;
import io.campusedge.agent.internal.outbox.StoredRecord;
import io.campusedge.protos.sparkplug.CampusEdgeMetrics;
import io.campusedge.protos.sparkplug.SparkplugB.DataType;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
import io.campusedge.protos.sparkplug.SparkplugB.Payload.Metric;
import io.campusedge.protos.sparkplug.SparkplugB.Payload.PropertySet;
import io.campusedge.protos.v1.Record;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The gateway as one Sparkplug B 3.0 edge node, without I/O: its topics, the bdSeq of the MQTT
 * session, the message seq (0-255, wrapping, across NBIRTH, DBIRTH and data), metric aliases, and
 * outbox records turned into DBIRTH/DDATA/NDATA messages. Each device of the gateway is a Sparkplug
 * device; its metrics are learned from the records, so the first record of a new metric (or of a
 * new datatype) is preceded by a DBIRTH of its device with every metric known for it. After a
 * birth, data carries aliases only. Used by the uplink thread only.
 */
final class SparkplugNode {
  static final String NAMESPACE = "spBv1.0";

  enum Kind {
    NBIRTH,
    NDEATH,
    DBIRTH,
    DDEATH,
    NDATA,
    DDATA,
    NCMD,
    DCMD
  }

  /** One message to publish; {@code carriesRecords} for data holding outbox records. */
  record Message(String topic, Kind kind, Payload payload, boolean carriesRecords) {
    byte[] bytes() {
      return payload.toByteArray();
    }
  }

  private static final class Definition {
    final long alias;
    int datatype;
    Metric last;

    Definition(long alias, int datatype, Metric last) {
      this.alias = alias;
      this.datatype = datatype;
      this.last = last;
    }
  }

  private final String group;
  private final String edgeNode;
  private final long epoch;
  private final Clock wall;
  private final Map<String, Long> nodeAliases = new LinkedHashMap<>();
  // Device id -> metric name -> definition, in the order they were first seen.
  private final Map<String, Map<String, Definition>> devices = new LinkedHashMap<>();
  private long nextAlias = 1;
  private long bdSeq;
  private int seq;

  SparkplugNode(String group, String edgeNode, long epoch, Clock wall) {
    this.group = group;
    this.edgeNode = edgeNode;
    this.epoch = epoch;
    this.wall = wall;
    for (String name :
        List.of(CampusEdgeMetrics.REBIRTH, CampusEdgeMetrics.EPOCH, CampusEdgeMetrics.EVICTED)) {
      nodeAliases.put(name, nextAlias++);
    }
  }

  String nodeTopic(Kind kind) {
    return NAMESPACE + "/" + group + "/" + kind + "/" + edgeNode;
  }

  String deviceTopic(Kind kind, String device) {
    return nodeTopic(kind) + "/" + device;
  }

  /** A new MQTT session: its bdSeq goes in the will and in every NBIRTH of the session. */
  void newSession(long sessionBdSeq) {
    this.bdSeq = sessionBdSeq;
  }

  long bdSeq() {
    return bdSeq;
  }

  /** The NDEATH, the session's MQTT will: only bdSeq, no seq (Sparkplug 3.0, Payloads, NDEATH). */
  Message death() {
    Payload payload =
        Payload.newBuilder().setTimestamp(wall.millis()).addMetrics(bdSeqMetric()).build();
    return new Message(nodeTopic(Kind.NDEATH), Kind.NDEATH, payload, false);
  }

  /**
   * NBIRTH (seq 0) and a DBIRTH for every device known so far, with every metric, name, alias,
   * datatype and current value; on connect and on every rebirth.
   */
  List<Message> births() {
    seq = 0;
    long now = wall.millis();
    Payload nbirth =
        Payload.newBuilder()
            .setTimestamp(now)
            .setSeq(nextSeq())
            .addMetrics(bdSeqMetric())
            .addMetrics(
                nodeMetric(CampusEdgeMetrics.REBIRTH, DataType.BOOLEAN_VALUE, now)
                    .setBooleanValue(false))
            .addMetrics(
                nodeMetric(CampusEdgeMetrics.EPOCH, DataType.UINT64_VALUE, now).setLongValue(epoch))
            .addMetrics(
                nodeMetric(CampusEdgeMetrics.EVICTED, DataType.STRING_VALUE, now)
                    .setStringValue(""))
            .build();
    List<Message> births = new ArrayList<>();
    births.add(new Message(nodeTopic(Kind.NBIRTH), Kind.NBIRTH, nbirth, false));
    for (String device : devices.keySet()) {
      births.add(deviceBirth(device));
    }
    return births;
  }

  /**
   * The messages for one batch of outbox records, in seq order: the evicted ranges as an NDATA, a
   * DBIRTH for each device the batch brings a new metric (or datatype) of, then per run of records
   * of one device a DDATA whose metrics carry their seq.
   */
  List<Message> data(List<StoredRecord> records, List<EvictedRange> evicted) {
    List<Message> messages = new ArrayList<>();
    if (!evicted.isEmpty()) {
      messages.add(evictedData(evicted));
    }
    List<SparkplugRecords.DeviceMetric> metrics = new ArrayList<>(records.size());
    Set<String> reborn = new LinkedHashSet<>();
    for (StoredRecord stored : records) {
      SparkplugRecords.DeviceMetric metric =
          SparkplugRecords.metric(parse(stored))
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "outbox record seq "
                              + stored.seq()
                              + " has no body; it cannot be sent as Sparkplug"));
      metrics.add(metric);
      if (learn(metric.deviceId(), metric.metric())) {
        reborn.add(metric.deviceId());
      }
    }
    reborn.forEach(device -> messages.add(deviceBirth(device)));
    String runDevice = null;
    List<Metric> run = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      String device = metrics.get(i).deviceId();
      Metric metric = metrics.get(i).metric();
      if (!device.equals(runDevice)) {
        flush(messages, runDevice, run);
        runDevice = device;
      }
      devices.get(device).get(metric.getName()).last = metric;
      run.add(aliased(device, metric, records.get(i).seq()));
    }
    flush(messages, runDevice, run);
    return messages;
  }

  /**
   * True when {@code metric} is a new metric or datatype of {@code device}: it needs a DBIRTH, with
   * this value as its current one.
   */
  private boolean learn(String device, Metric metric) {
    Map<String, Definition> metrics = devices.computeIfAbsent(device, d -> new LinkedHashMap<>());
    Definition known = metrics.get(metric.getName());
    if (known == null) {
      metrics.put(metric.getName(), new Definition(nextAlias++, metric.getDatatype(), metric));
      return true;
    }
    if (metric.getIsNull() || known.datatype == metric.getDatatype()) {
      return false;
    }
    known.datatype = metric.getDatatype();
    known.last = metric;
    return true;
  }

  private void flush(List<Message> messages, String device, List<Metric> run) {
    if (run.isEmpty()) {
      return;
    }
    Payload payload =
        Payload.newBuilder()
            .setTimestamp(wall.millis())
            .setSeq(nextSeq())
            .addAllMetrics(run)
            .build();
    messages.add(new Message(deviceTopic(Kind.DDATA, device), Kind.DDATA, payload, true));
    run.clear();
  }

  // Sparkplug 3.0, Payloads, DATA: after the birth a metric may be sent by alias alone.
  private Metric aliased(String device, Metric metric, long recordSeq) {
    Definition definition = devices.get(device).get(metric.getName());
    PropertySet properties =
        metric.getProperties().toBuilder()
            .addKeys(CampusEdgeMetrics.SEQ_PROPERTY)
            .addValues(SparkplugRecords.uint64(recordSeq))
            .build();
    Metric.Builder aliased =
        metric.toBuilder().clearName().setAlias(definition.alias).setProperties(properties);
    // Only a value of a datatype the birth does not give (changed within this batch) says its own.
    if (metric.getIsNull() || metric.getDatatype() == definition.datatype) {
      aliased.clearDatatype();
    }
    return aliased.build();
  }

  private Message deviceBirth(String device) {
    Payload.Builder payload = Payload.newBuilder().setTimestamp(wall.millis()).setSeq(nextSeq());
    for (Map.Entry<String, Definition> entry : devices.get(device).entrySet()) {
      Definition definition = entry.getValue();
      Metric.Builder metric =
          definition.last.toBuilder()
              .setName(entry.getKey())
              .setAlias(definition.alias)
              .setDatatype(definition.datatype);
      if (definition.last.getIsNull() || definition.last.getDatatype() != definition.datatype) {
        metric.clearValue().setIsNull(true);
      }
      payload.addMetrics(metric);
    }
    return new Message(deviceTopic(Kind.DBIRTH, device), Kind.DBIRTH, payload.build(), false);
  }

  private Message evictedData(List<EvictedRange> evicted) {
    String ranges =
        evicted.stream().map(r -> r.first() + "-" + r.last()).collect(Collectors.joining(","));
    long now = wall.millis();
    Payload payload =
        Payload.newBuilder()
            .setTimestamp(now)
            .setSeq(nextSeq())
            .addMetrics(
                Metric.newBuilder()
                    .setAlias(nodeAliases.get(CampusEdgeMetrics.EVICTED))
                    .setTimestamp(now)
                    .setStringValue(ranges))
            .build();
    return new Message(nodeTopic(Kind.NDATA), Kind.NDATA, payload, true);
  }

  private Metric.Builder nodeMetric(String name, int datatype, long now) {
    return Metric.newBuilder()
        .setName(name)
        .setAlias(nodeAliases.get(name))
        .setTimestamp(now)
        .setDatatype(datatype);
  }

  // Sparkplug 3.0, Payloads, bdSeq: Int64 (UInt64 in 2.2; hosts accept either), not aliased.
  private Metric bdSeqMetric() {
    return Metric.newBuilder()
        .setName(CampusEdgeMetrics.BD_SEQ)
        .setTimestamp(wall.millis())
        .setDatatype(DataType.INT64_VALUE)
        .setLongValue(bdSeq)
        .build();
  }

  private int nextSeq() {
    int current = seq;
    seq = (seq + 1) & 0xFF;
    return current;
  }

  /** The NCMD asks for a rebirth: {@code Node Control/Rebirth} true, by name or by its alias. */
  boolean asksRebirth(Payload command) {
    long alias = nodeAliases.get(CampusEdgeMetrics.REBIRTH);
    for (Metric metric : command.getMetricsList()) {
      boolean named =
          metric.hasName()
              ? metric.getName().equals(CampusEdgeMetrics.REBIRTH)
              : metric.hasAlias() && metric.getAlias() == alias;
      if (named && metric.getBooleanValue()) {
        return true;
      }
    }
    return false;
  }

  private static Record parse(StoredRecord stored) {
    try {
      return stored.toRecord();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "outbox record seq " + stored.seq() + " does not parse: " + e.getMessage(), e);
    }
  }
}
