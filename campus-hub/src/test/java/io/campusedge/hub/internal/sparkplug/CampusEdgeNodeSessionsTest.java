package io.campusedge.hub.internal.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.campusedge.hub.internal.sparkplug.EdgeNodeSessions.Action;
import io.campusedge.hub.internal.sparkplug.EdgeNodeSessions.Ingest;
import io.campusedge.protos.sparkplug.CampusEdgeMetrics;
import io.campusedge.protos.sparkplug.SparkplugB.DataType;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
import io.campusedge.protos.sparkplug.SparkplugB.Payload.Metric;
import io.campusedge.protos.sparkplug.SparkplugB.Payload.PropertySet;
import io.campusedge.protos.sparkplug.SparkplugB.Payload.PropertyValue;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.SeqRange;
import io.campusedge.protos.v1.Severity;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A CampusEdge agent as a Sparkplug edge node: its NBIRTH names its outbox epoch and every data
 * metric its outbox seq, so the hub stores the agent's own records (same epoch and seq as the
 * native contract, hence the native ack) and does not store birth values a second time. Payloads
 * are built here from the {@link CampusEdgeMetrics} contract, not by the agent's code.
 */
class CampusEdgeNodeSessionsTest {
  private static final String GROUP = "school1";
  private static final String NODE = "gw-a101";
  private static final long AGENT_EPOCH = 1_733_000_000_123L;
  private static final long T0 = 1_764_000_000_000L;

  private EdgeNodeSessions sessions;

  @BeforeEach
  void setUp() {
    sessions =
        new EdgeNodeSessions(
            List.of(new SparkplugEdgeNode(GROUP, NODE, "THPT-NT", "gw-a101", "A101", null)),
            new EdgeNodeSessionsTest.MutableClock(T0),
            Duration.ofSeconds(5));
  }

  @Test
  void theAgentsEpochNamesTheStreamAndBirthValuesAreNotStored() throws Exception {
    List<Action> nbirth = accept("NBIRTH", null, nbirth(0));
    assertThat(nbirth).hasSize(1);
    GatewayState state = GatewayState.parseFrom(((Ingest) nbirth.get(0)).payload());
    assertThat(state.getEpoch()).isEqualTo(AGENT_EPOCH);

    List<Action> dbirth = accept("DBIRTH", "climate", dbirth(1));
    assertThat(dbirth).as("only the inventory, no readings").hasSize(1);
    assertThat(((Ingest) dbirth.get(0)).topic()).endsWith("/state");
  }

  @Test
  void dataMetricsAreTheAgentsRecordsWithTheirSeqs() throws Exception {
    accept("NBIRTH", null, nbirth(0));
    accept("DBIRTH", "climate", dbirth(1));

    Payload ddata =
        Payload.newBuilder()
            .setSeq(2)
            .setTimestamp(T0)
            .addMetrics(
                Metric.newBuilder()
                    .setAlias(10)
                    .setTimestamp(T0 - 10)
                    .setDoubleValue(640)
                    .setProperties(props("Quality", int32(192), "engUnit", text("[ppm]"), seq(41))))
            .addMetrics(
                Metric.newBuilder()
                    .setAlias(10)
                    .setIsNull(true)
                    .setProperties(
                        props(
                            "Quality",
                            int32(0),
                            CampusEdgeMetrics.QUALITY_REASON_PROPERTY,
                            text("CRC error"),
                            seq(42))))
            .build();
    Batch batch = batch(accept("DDATA", "climate", ddata));

    assertThat(batch.getEpoch()).isEqualTo(AGENT_EPOCH);
    assertThat(batch.getRecordsList()).extracting(Record::getSeq).containsExactly(41L, 42L);
    assertThat(batch.getRecords(0).getReading().getMetric()).isEqualTo("co2");
    assertThat(batch.getRecords(0).getReading().getDoubleValue()).isEqualTo(640);
    assertThat(batch.getRecords(0).getReading().getUnit()).isEqualTo("[ppm]");
    assertThat(batch.getRecords(0).getReading().getSourceTimeMs()).isEqualTo(T0 - 10);
    assertThat(batch.getRecords(1).getReading().getQuality()).isEqualTo(Quality.QUALITY_BAD);
    assertThat(batch.getRecords(1).getReading().getQualityReason()).isEqualTo("CRC error");
  }

  @Test
  void cardTapsEquipmentEventsAndDeviceStatusesComeBackAsTheirRecords() throws Exception {
    accept("NBIRTH", null, nbirth(0));
    byte[] reference =
        HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
    accept(
        "DBIRTH",
        "reader",
        Payload.newBuilder()
            .setSeq(1)
            .addMetrics(
                named(CampusEdgeMetrics.CARD_TAP, 20, DataType.STRING_VALUE).setStringValue(""))
            .addMetrics(
                named(CampusEdgeMetrics.EQUIPMENT_EVENT, 21, DataType.STRING_VALUE)
                    .setStringValue(""))
            .addMetrics(
                named(CampusEdgeMetrics.DEVICE_REACHABLE, 22, DataType.BOOLEAN_VALUE)
                    .setBooleanValue(true))
            .build());

    PropertySet attributes = props("lamp", text("ok"));
    Payload ddata =
        Payload.newBuilder()
            .setSeq(2)
            .addMetrics(
                Metric.newBuilder()
                    .setAlias(20)
                    .setTimestamp(T0 + 1)
                    .setStringValue(HexFormat.of().formatHex(reference))
                    .setProperties(props(CampusEdgeMetrics.KEY_ID_PROPERTY, text("k1"), seq(7))))
            .addMetrics(
                Metric.newBuilder()
                    .setAlias(21)
                    .setTimestamp(T0 + 2)
                    .setStringValue("EQUIPMENT_EVENT_KIND_ALARM_RAISED")
                    .setProperties(
                        props(
                            "alarmCode",
                            text("E12"),
                            "severity",
                            text("SEVERITY_CRITICAL"),
                            "attributes",
                            PropertyValue.newBuilder()
                                .setType(DataType.PROPERTY_SET_VALUE)
                                .setPropertysetValue(attributes)
                                .build(),
                            seq(8))))
            .addMetrics(
                Metric.newBuilder()
                    .setAlias(22)
                    .setTimestamp(T0 + 3)
                    .setBooleanValue(false)
                    .setProperties(
                        props(CampusEdgeMetrics.ERROR_PROPERTY, text("no answer"), seq(9))))
            .build();
    Batch batch = batch(accept("DDATA", "reader", ddata));

    assertThat(batch.getRecordsList()).extracting(Record::getSeq).containsExactly(7L, 8L, 9L);
    var tap = batch.getRecords(0).getCardTap();
    assertThat(tap.getReaderId()).isEqualTo("reader");
    assertThat(tap.getCardRef()).isEqualTo(ByteString.copyFrom(reference));
    assertThat(tap.getKeyId()).isEqualTo("k1");
    assertThat(tap.getSourceTimeMs()).isEqualTo(T0 + 1);
    var event = batch.getRecords(1).getEquipmentEvent();
    assertThat(event.getKind()).isEqualTo(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED);
    assertThat(event.getAlarmCode()).isEqualTo("E12");
    assertThat(event.getSeverity()).isEqualTo(Severity.SEVERITY_CRITICAL);
    assertThat(event.getAttributesMap()).containsEntry("lamp", "ok");
    var status = batch.getRecords(2).getDeviceStatus();
    assertThat(status.getReachable()).isFalse();
    assertThat(status.getError()).isEqualTo("no answer");
  }

  @Test
  void evictedRangesAndUnstorableRecordsAreSettled() throws Exception {
    accept("NBIRTH", null, nbirth(0));
    accept("DBIRTH", "climate", dbirth(1));

    Batch evicted =
        batch(
            accept(
                "NDATA",
                null,
                Payload.newBuilder()
                    .setSeq(2)
                    .addMetrics(Metric.newBuilder().setAlias(3).setStringValue("3-5,9-9"))
                    .build()));
    assertThat(evicted.getRecordsList()).isEmpty();
    assertThat(evicted.getEvictedList()).containsExactly(range(3, 5), range(9, 9));

    Batch bytes =
        batch(
            accept(
                "DDATA",
                "climate",
                Payload.newBuilder()
                    .setSeq(3)
                    .addMetrics(
                        Metric.newBuilder()
                            .setName("blob")
                            .setDatatype(DataType.BYTES_VALUE)
                            .setBytesValue(ByteString.copyFromUtf8("x"))
                            .setProperties(props(seq(10))))
                    .build()));
    assertThat(bytes.getEvictedList()).containsExactly(range(10, 10));
    assertThat(sessions.stats().skippedMetrics()).isEqualTo(1);
  }

  private static SeqRange range(long first, long last) {
    return SeqRange.newBuilder().setFirst(first).setLast(last).build();
  }

  private static Payload nbirth(int seq) {
    return Payload.newBuilder()
        .setSeq(seq)
        .setTimestamp(T0)
        .addMetrics(
            Metric.newBuilder().setName("bdSeq").setDatatype(DataType.INT64_VALUE).setLongValue(4))
        .addMetrics(named("Node Control/Rebirth", 1, DataType.BOOLEAN_VALUE).setBooleanValue(false))
        .addMetrics(
            named(CampusEdgeMetrics.EPOCH, 2, DataType.UINT64_VALUE).setLongValue(AGENT_EPOCH))
        .addMetrics(named(CampusEdgeMetrics.EVICTED, 3, DataType.STRING_VALUE).setStringValue(""))
        .build();
  }

  private static Payload dbirth(int seq) {
    return Payload.newBuilder()
        .setSeq(seq)
        .setTimestamp(T0)
        .addMetrics(named("co2", 10, DataType.DOUBLE_VALUE).setDoubleValue(612))
        .build();
  }

  private static Metric.Builder named(String name, long alias, int datatype) {
    return Metric.newBuilder().setName(name).setAlias(alias).setDatatype(datatype);
  }

  private static PropertySet props(Object... keysAndValues) {
    PropertySet.Builder set = PropertySet.newBuilder();
    int i = 0;
    while (i < keysAndValues.length) {
      if (keysAndValues[i] instanceof SeqProperty seq) {
        set.addKeys(CampusEdgeMetrics.SEQ_PROPERTY)
            .addValues(
                PropertyValue.newBuilder().setType(DataType.UINT64_VALUE).setLongValue(seq.seq()));
        i++;
      } else {
        set.addKeys((String) keysAndValues[i]).addValues((PropertyValue) keysAndValues[i + 1]);
        i += 2;
      }
    }
    return set.build();
  }

  private record SeqProperty(long seq) {}

  private static SeqProperty seq(long seq) {
    return new SeqProperty(seq);
  }

  private static PropertyValue text(String value) {
    return PropertyValue.newBuilder().setType(DataType.STRING_VALUE).setStringValue(value).build();
  }

  private static PropertyValue int32(int value) {
    return PropertyValue.newBuilder().setType(DataType.INT32_VALUE).setIntValue(value).build();
  }

  private List<Action> accept(String type, String device, Payload payload) {
    SparkplugTopic topic =
        new SparkplugTopic(
            GROUP, SparkplugTopic.MessageType.valueOf(type), NODE, Optional.ofNullable(device));
    List<Action> actions = sessions.accept(topic, payload.toByteArray());
    assertThat(actions).as("no rebirth requested").allMatch(Ingest.class::isInstance);
    return actions;
  }

  private static Batch batch(List<Action> actions) throws Exception {
    assertThat(actions).hasSize(1);
    Ingest ingest = (Ingest) actions.get(0);
    assertThat(ingest.topic()).isEqualTo("campusedge/v1/THPT-NT/gw-a101/data");
    return Batch.parseFrom(ingest.payload());
  }
}
