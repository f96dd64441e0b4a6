package io.campusedge.hub.internal.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.hub.internal.sparkplug.EdgeNodeSessions.Action;
import io.campusedge.hub.internal.sparkplug.EdgeNodeSessions.Command;
import io.campusedge.hub.internal.sparkplug.EdgeNodeSessions.Ingest;
import io.campusedge.protos.sparkplug.SparkplugB.DataType;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Host-side session rules of Sparkplug 3.0 chapter 5, with payloads built from chapter 6. */
class EdgeNodeSessionsTest {
  private static final String GROUP = "school1";
  private static final String NODE = "plc-a101";
  private static final long T0 = 1_764_000_000_000L;

  private final MutableClock clock = new MutableClock(T0);
  private EdgeNodeSessions sessions;

  @BeforeEach
  void setUp() {
    sessions =
        new EdgeNodeSessions(
            List.of(new SparkplugEdgeNode(GROUP, NODE, "THPT-NT", "gw-spb", "A101", "Lab A101")),
            clock,
            Duration.ofSeconds(5));
  }

  @Test
  void birthRegistersTheGatewayRoomAndReadings() throws Exception {
    List<Action> actions = nbirth(3, 0);

    assertThat(actions).hasSize(2);
    GatewayState state = state(actions.get(0));
    assertThat(state.getOnline()).isTrue();
    assertThat(state.getGatewayId()).isEqualTo("gw-spb");
    assertThat(state.getSite()).isEqualTo("THPT-NT");
    assertThat(state.getEpoch()).isEqualTo(T0);
    assertThat(state.getRooms(0).getId()).isEqualTo("A101");
    assertThat(state.getRooms(0).getName()).isEqualTo("Lab A101");
    assertThat(state.getDevicesList()).extracting(DeviceInfo::getDeviceId).containsExactly(NODE);
    assertThat(((Ingest) actions.get(0)).topic()).isEqualTo("campusedge/v1/THPT-NT/gw-spb/state");

    Batch batch = batch(actions.get(1));
    assertThat(((Ingest) actions.get(1)).topic()).isEqualTo("campusedge/v1/THPT-NT/gw-spb/data");
    assertThat(batch.getEpoch()).isEqualTo(T0);
    assertThat(batch.getRecordsList()).extracting(Record::getSeq).containsExactly(1L, 2L);
    Reading co2 = batch.getRecords(0).getReading();
    assertThat(co2.getDeviceId()).isEqualTo(NODE);
    assertThat(co2.getMetric()).isEqualTo("co2");
    assertThat(co2.getDoubleValue()).isEqualTo(856.5);
    assertThat(co2.getUnit()).isEqualTo("ppm");
    assertThat(co2.getQuality()).isEqualTo(Quality.QUALITY_GOOD);
    assertThat(co2.getSourceTimeMs()).isEqualTo(T0 - 500);
    // bdSeq describes the session, not the room.
    assertThat(batch.getRecordsList())
        .extracting(record -> record.getReading().getMetric())
        .doesNotContain("bdSeq");
  }

  @Test
  void dataByAliasContinuesTheStream() throws Exception {
    nbirth(3, 0);

    List<Action> actions =
        accept(
            "NDATA", null, ndata(1, Payload.Metric.newBuilder().setAlias(7).setDoubleValue(900.0)));

    assertThat(actions).hasSize(1);
    Batch batch = batch(actions.get(0));
    assertThat(batch.getRecords(0).getSeq()).isEqualTo(3);
    assertThat(batch.getRecords(0).getReading().getMetric()).isEqualTo("co2");
    assertThat(batch.getRecords(0).getReading().getDoubleValue()).isEqualTo(900.0);
    // No datatype in NDATA: the birth's Double applies; no time on the metric: the payload's.
    assertThat(batch.getRecords(0).getReading().getSourceTimeMs()).isEqualTo(T0 + 1);
  }

  @Test
  void seqWrapsFrom255ToZeroWithoutARebirth() throws Exception {
    nbirth(3, 254);

    assertThat(accept("NDATA", null, ndata(255, co2(1)))).allMatch(Ingest.class::isInstance);
    assertThat(accept("NDATA", null, ndata(0, co2(2)))).allMatch(Ingest.class::isInstance);
    assertThat(accept("NDATA", null, ndata(1, co2(3)))).allMatch(Ingest.class::isInstance);
    assertThat(sessions.stats().seqGaps()).isZero();
  }

  @Test
  void outOfOrderSeqAsksForOneRebirthAndKeepsTheData() throws Exception {
    nbirth(3, 0);
    accept("NDATA", null, ndata(1, co2(1)));

    List<Action> skipped = accept("NDATA", null, ndata(3, co2(3)));
    List<Action> late = accept("NDATA", null, ndata(2, co2(2)));

    assertThat(skipped).hasSize(2);
    assertRebirth(skipped.get(0));
    assertThat(batch(skipped.get(1)).getRecords(0).getReading().getDoubleValue()).isEqualTo(3);
    // Within the rebirth interval: the data, but no second command.
    assertThat(late).hasSize(1).allMatch(Ingest.class::isInstance);
    assertThat(sessions.stats().seqGaps()).isEqualTo(2);
    assertThat(sessions.stats().rebirthRequests()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(6));
    assertThat(accept("NDATA", null, ndata(9, co2(9)))).anyMatch(Command.class::isInstance);
  }

  @Test
  void dataBeforeBirthIsDroppedAndAsksForARebirth() throws Exception {
    List<Action> actions = accept("NDATA", null, ndata(5, co2(1)));

    assertThat(actions).hasSize(1);
    assertRebirth(actions.get(0));
    assertThat(sessions.stats().dataBeforeBirth()).isEqualTo(1);
  }

  @Test
  void anAliasNotInTheBirthAsksForARebirth() throws Exception {
    nbirth(3, 0);

    List<Action> actions =
        accept("NDATA", null, ndata(1, Payload.Metric.newBuilder().setAlias(99).setIntValue(1)));

    assertThat(actions).hasSize(1);
    assertRebirth(actions.get(0));
  }

  @Test
  void deathWithAStaleBdSeqIsIgnored() throws Exception {
    nbirth(3, 0);
    clock.advance(Duration.ofSeconds(1));
    nbirth(4, 0); // reconnected; the will of the first connection arrives late

    assertThat(accept("NDEATH", null, ndeath(3))).isEmpty();
    assertThat(sessions.stats().staleDeaths()).isEqualTo(1);
    assertThat(sessions.onlineGateways()).containsExactly("gw-spb");

    List<Action> death = accept("NDEATH", null, ndeath(4));
    assertThat(death).hasSize(1);
    GatewayState state = state(death.get(0));
    assertThat(state.getOnline()).isFalse();
    assertThat(state.getEpoch()).isEqualTo(T0 + 1_000);
    assertThat(sessions.onlineGateways()).isEmpty();
    // After the death, data is data before a birth.
    assertThat(accept("NDATA", null, ndata(1, co2(1)))).singleElement().isInstanceOf(Command.class);
  }

  @Test
  void deviceBirthDataAndDeath() throws Exception {
    nbirth(3, 0);

    List<Action> birth =
        accept(
            "DBIRTH",
            "scd41",
            Payload.newBuilder()
                .setTimestamp(T0)
                .setSeq(1)
                .addMetrics(
                    Payload.Metric.newBuilder()
                        .setName("humidity")
                        .setAlias(20)
                        .setDatatype(DataType.FLOAT_VALUE)
                        .setFloatValue(55.1f))
                .build());
    assertThat(state(birth.get(0)).getDevicesList())
        .extracting(DeviceInfo::getDeviceId)
        .containsExactly(NODE, "scd41");
    assertThat(batch(birth.get(1)).getRecords(0).getReading().getDoubleValue()).isEqualTo(55.1);

    List<Action> data =
        accept(
            "DDATA",
            "scd41",
            ndata(2, Payload.Metric.newBuilder().setAlias(20).setFloatValue(56f)));
    assertThat(batch(data.get(0)).getRecords(0).getReading().getDeviceId()).isEqualTo("scd41");

    List<Action> death = accept("DDEATH", "scd41", Payload.newBuilder().setSeq(3).build());
    Record offline = batch(death.get(0)).getRecords(0);
    assertThat(offline.getDeviceStatus().getDeviceId()).isEqualTo("scd41");
    assertThat(offline.getDeviceStatus().getReachable()).isFalse();

    assertThat(accept("DDATA", "scd41", ndata(4, co2(1))))
        .singleElement()
        .isInstanceOf(Command.class);
  }

  @Test
  void birthWithoutBdSeqIsRefused() throws Exception {
    Payload birth = Payload.newBuilder().setTimestamp(T0).setSeq(0).build();

    List<Action> actions = accept("NBIRTH", null, birth);

    assertThat(actions).singleElement().isInstanceOf(Command.class);
    assertThat(sessions.onlineGateways()).isEmpty();
  }

  @Test
  void garbageAsksForARebirth() {
    List<Action> actions =
        sessions.accept(topic("NDATA", null), new byte[] {(byte) 0x12, (byte) 0xff, 0x01});

    assertThat(actions).singleElement().isInstanceOf(Command.class);
    assertThat(sessions.stats().malformed()).isEqualTo(1);
  }

  @Test
  void unmappedEdgeNodesAreIgnored() {
    List<Action> actions =
        sessions.accept(
            new SparkplugTopic(
                GROUP, SparkplugTopic.MessageType.NBIRTH, "stranger", Optional.empty()),
            birth(1, 0).toByteArray());

    assertThat(actions).isEmpty();
    assertThat(sessions.stats().unmapped()).isEqualTo(1);
  }

  // --- payloads built from the specification's rules ---

  private List<Action> nbirth(long bdSeq, int seq) {
    return sessions.accept(topic("NBIRTH", null), birth(bdSeq, seq).toByteArray());
  }

  static Payload birth(long bdSeq, int seq) {
    return Payload.newBuilder()
        .setTimestamp(T0)
        .setSeq(seq)
        .addMetrics(
            Payload.Metric.newBuilder()
                .setName("bdSeq")
                .setDatatype(DataType.INT64_VALUE)
                .setLongValue(bdSeq))
        .addMetrics(
            Payload.Metric.newBuilder()
                .setName("Node Control/Rebirth")
                .setDatatype(DataType.BOOLEAN_VALUE)
                .setBooleanValue(false))
        .addMetrics(
            Payload.Metric.newBuilder()
                .setName("co2")
                .setAlias(7)
                .setTimestamp(T0 - 500)
                .setDatatype(DataType.DOUBLE_VALUE)
                .setProperties(
                    Payload.PropertySet.newBuilder()
                        .addKeys("engUnit")
                        .addValues(
                            Payload.PropertyValue.newBuilder()
                                .setType(DataType.STRING_VALUE)
                                .setStringValue("ppm")))
                .setDoubleValue(856.5))
        .addMetrics(
            Payload.Metric.newBuilder()
                .setName("offset")
                .setAlias(9)
                .setDatatype(DataType.INT8_VALUE)
                .setIntValue(-5))
        .build();
  }

  static Payload ndata(int seq, Payload.Metric.Builder metric) {
    return Payload.newBuilder().setTimestamp(T0 + 1).setSeq(seq).addMetrics(metric).build();
  }

  static Payload.Metric.Builder co2(double value) {
    return Payload.Metric.newBuilder().setAlias(7).setDoubleValue(value);
  }

  static Payload ndeath(long bdSeq) {
    return Payload.newBuilder()
        .setTimestamp(T0)
        .addMetrics(
            Payload.Metric.newBuilder()
                .setName("bdSeq")
                .setDatatype(DataType.INT64_VALUE)
                .setLongValue(bdSeq))
        .build();
  }

  private List<Action> accept(String type, String device, Payload payload) {
    return sessions.accept(topic(type, device), payload.toByteArray());
  }

  private static SparkplugTopic topic(String type, String device) {
    return new SparkplugTopic(
        GROUP, SparkplugTopic.MessageType.valueOf(type), NODE, Optional.ofNullable(device));
  }

  private static void assertRebirth(Action action) throws InvalidProtocolBufferException {
    assertThat(action).isInstanceOf(Command.class);
    Command command = (Command) action;
    assertThat(command.topic()).isEqualTo("spBv1.0/school1/NCMD/plc-a101");
    Payload.Metric metric = Payload.parseFrom(command.payload()).getMetrics(0);
    assertThat(metric.getName()).isEqualTo("Node Control/Rebirth");
    assertThat(metric.getDatatype()).isEqualTo(DataType.BOOLEAN_VALUE);
    assertThat(metric.getBooleanValue()).isTrue();
  }

  private static GatewayState state(Action action) throws InvalidProtocolBufferException {
    assertThat(action).isInstanceOf(Ingest.class);
    assertThat(((Ingest) action).topic()).endsWith("/state");
    return GatewayState.parseFrom(((Ingest) action).payload());
  }

  private static Batch batch(Action action) throws InvalidProtocolBufferException {
    assertThat(action).isInstanceOf(Ingest.class);
    assertThat(((Ingest) action).topic()).endsWith("/data");
    return Batch.parseFrom(((Ingest) action).payload());
  }

  static final class MutableClock extends Clock {
    private long millis;

    MutableClock(long millis) {
      this.millis = millis;
    }

    void advance(Duration duration) {
      millis += duration.toMillis();
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
