package io.campusedge.agent.internal.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.campusedge.agent.internal.outbox.EvictedRange;
import io.campusedge.agent.internal.outbox.Lane;
import io.campusedge.agent.internal.outbox.StoredRecord;
import io.campusedge.protos.sparkplug.CampusEdgeMetrics;
import io.campusedge.protos.sparkplug.SparkplugB.DataType;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
import io.campusedge.protos.sparkplug.SparkplugB.Payload.Metric;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SparkplugNodeTest {
  private static final long EPOCH = 1_733_000_000_000L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);

  private SparkplugNode node;
  private long nextSeq = 1;

  @BeforeEach
  void create() {
    node = new SparkplugNode("school1", "gw-a101", EPOCH, CLOCK);
    node.newSession(41);
  }

  @Test
  void nbirthHasSeqZeroBdSeqRebirthAndTheOutboxEpoch() {
    List<SparkplugNode.Message> births = node.births();

    assertThat(births).hasSize(1);
    SparkplugNode.Message nbirth = births.get(0);
    assertThat(nbirth.topic()).isEqualTo("spBv1.0/school1/NBIRTH/gw-a101");
    Payload payload = nbirth.payload();
    assertThat(payload.getSeq()).isZero();
    Metric bdSeq = named(payload, "bdSeq");
    assertThat(bdSeq.getDatatype()).isEqualTo(DataType.INT64_VALUE);
    assertThat(bdSeq.getLongValue()).isEqualTo(41);
    Metric rebirth = named(payload, "Node Control/Rebirth");
    assertThat(rebirth.getDatatype()).isEqualTo(DataType.BOOLEAN_VALUE);
    assertThat(rebirth.getBooleanValue()).isFalse();
    assertThat(rebirth.hasAlias()).isTrue();
    assertThat(named(payload, CampusEdgeMetrics.EPOCH).getLongValue()).isEqualTo(EPOCH);
  }

  @Test
  void theWillIsAnNdeathWithTheSessionsBdSeqAndNoSeq() {
    node.newSession(255);
    SparkplugNode.Message death = node.death();

    assertThat(death.topic()).isEqualTo("spBv1.0/school1/NDEATH/gw-a101");
    assertThat(death.payload().hasSeq()).isFalse();
    assertThat(named(death.payload(), "bdSeq").getLongValue()).isEqualTo(255);
    assertThat(named(node.births().get(0).payload(), "bdSeq").getLongValue()).isEqualTo(255);
  }

  @Test
  void aNewMetricIsBornWithNameAndAliasThenDataUsesTheAliasAndCarriesTheOutboxSeq() {
    node.births();
    List<SparkplugNode.Message> first =
        node.data(
            List.of(
                reading("a101-climate", "co2", 612), reading("a101-climate", "temperature", 24.5)),
            List.of());

    assertThat(first)
        .extracting(SparkplugNode.Message::kind)
        .as("one DBIRTH for the device's new metrics, then its data")
        .containsExactly(SparkplugNode.Kind.DBIRTH, SparkplugNode.Kind.DDATA);
    assertThat(first).extracting(m -> m.payload().getSeq()).containsExactly(1L, 2L);
    Payload birth = first.get(0).payload();
    assertThat(first.get(0).topic()).isEqualTo("spBv1.0/school1/DBIRTH/gw-a101/a101-climate");
    Metric co2 = named(birth, "co2");
    Metric temperature = named(birth, "temperature");
    assertThat(co2.getDatatype()).isEqualTo(DataType.DOUBLE_VALUE);
    assertThat(co2.getDoubleValue()).isEqualTo(612);
    assertThat(co2.getAlias()).isNotEqualTo(temperature.getAlias());
    assertThat(birth.getMetricsList())
        .as("birth values are not records")
        .allSatisfy(
            m ->
                assertThat(CampusEdgeMetrics.SEQ_PROPERTY)
                    .isNotIn(m.getProperties().getKeysList()));

    List<SparkplugNode.Message> second =
        node.data(
            List.of(
                reading("a101-climate", "co2", 640), reading("a101-climate", "temperature", 24.7)),
            List.of());
    assertThat(second).hasSize(1);
    SparkplugNode.Message ddata = second.get(0);
    assertThat(ddata.kind()).isEqualTo(SparkplugNode.Kind.DDATA);
    assertThat(ddata.carriesRecords()).isTrue();
    assertThat(ddata.payload().getSeq()).isEqualTo(3);
    assertThat(ddata.payload().getMetricsList())
        .allSatisfy(
            m -> {
              assertThat(m.hasName()).as("data by alias only").isFalse();
              assertThat(m.hasAlias()).isTrue();
            });
    assertThat(ddata.payload().getMetrics(0).getAlias()).isEqualTo(co2.getAlias());
    assertThat(ddata.payload().getMetrics(0).getDoubleValue()).isEqualTo(640);
    assertThat(seqProperty(ddata.payload().getMetrics(0))).isEqualTo(3);
    assertThat(seqProperty(ddata.payload().getMetrics(1))).isEqualTo(4);
  }

  @Test
  void seqWrapsFrom255ToZeroAcrossBirthsAndData() {
    node.births(); // NBIRTH 0
    node.data(List.of(reading("d1", "co2", 1)), List.of()); // DBIRTH 1, DDATA 2
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      seqs.add(node.data(List.of(reading("d1", "co2", i)), List.of()).get(0).payload().getSeq());
    }
    assertThat(seqs.get(0)).isEqualTo(3);
    assertThat(seqs.get(252)).isEqualTo(255);
    assertThat(seqs.get(253)).isZero();
    assertThat(seqs).allSatisfy(seq -> assertThat(seq).isBetween(0L, 255L));
  }

  @Test
  void aRebirthStartsAtSeqZeroAndRepeatsEveryDeviceWithTheSameAliases() {
    node.births();
    node.data(List.of(reading("d1", "co2", 700), reading("d2", "noise", 55)), List.of());
    long co2Alias =
        node.data(List.of(reading("d1", "co2", 710)), List.of())
            .get(0)
            .payload()
            .getMetrics(0)
            .getAlias();

    List<SparkplugNode.Message> rebirth = node.births();

    assertThat(rebirth)
        .extracting(SparkplugNode.Message::kind)
        .containsExactly(
            SparkplugNode.Kind.NBIRTH, SparkplugNode.Kind.DBIRTH, SparkplugNode.Kind.DBIRTH);
    assertThat(rebirth).extracting(m -> m.payload().getSeq()).containsExactly(0L, 1L, 2L);
    Metric co2 = named(rebirth.get(1).payload(), "co2");
    assertThat(co2.getAlias()).isEqualTo(co2Alias);
    assertThat(co2.getDoubleValue()).as("the current value").isEqualTo(710);
  }

  @Test
  void aNewDatatypeOfAKnownMetricIsBornAgain() {
    node.births();
    node.data(List.of(reading("d1", "state", 1)), List.of());
    Record text =
        Record.newBuilder()
            .setReading(
                Reading.newBuilder().setDeviceId("d1").setMetric("state").setStringValue("on"))
            .build();
    List<SparkplugNode.Message> messages = node.data(List.of(stored(text)), List.of());

    assertThat(messages)
        .extracting(SparkplugNode.Message::kind)
        .containsExactly(SparkplugNode.Kind.DBIRTH, SparkplugNode.Kind.DDATA);
    assertThat(named(messages.get(0).payload(), "state").getDatatype())
        .isEqualTo(DataType.STRING_VALUE);
  }

  @Test
  void aValueOfAnotherDatatypeThanTheBirthsSaysItsOwn() {
    node.births();
    Record text =
        Record.newBuilder()
            .setReading(
                Reading.newBuilder().setDeviceId("d1").setMetric("state").setStringValue("on"))
            .build();
    List<SparkplugNode.Message> messages =
        node.data(List.of(reading("d1", "state", 1), stored(text)), List.of());

    assertThat(named(messages.get(0).payload(), "state").getDatatype())
        .isEqualTo(DataType.STRING_VALUE);
    Payload data = messages.get(1).payload();
    assertThat(data.getMetrics(0).getDatatype()).isEqualTo(DataType.DOUBLE_VALUE);
    assertThat(data.getMetrics(1).hasDatatype()).as("the birth's").isFalse();
  }

  @Test
  void aCardTapTravelsAsItsHashedReferenceOnly() {
    byte[] reference = new byte[32];
    for (int i = 0; i < reference.length; i++) {
      reference[i] = (byte) (0xA0 + i);
    }
    Record tap =
        Record.newBuilder()
            .setCardTap(
                CardTap.newBuilder()
                    .setReaderId("door-reader")
                    .setCardRef(ByteString.copyFrom(reference))
                    .setKeyId("k1")
                    .setSourceTimeMs(123))
            .build();
    node.births();
    List<SparkplugNode.Message> messages = node.data(List.of(stored(tap)), List.of());

    Metric born = named(messages.get(0).payload(), CampusEdgeMetrics.CARD_TAP);
    assertThat(messages.get(0).topic()).endsWith("/DBIRTH/gw-a101/door-reader");
    assertThat(born.getStringValue()).isEqualTo(HexFormat.of().formatHex(reference));
    Metric data = messages.get(1).payload().getMetrics(0);
    assertThat(data.getStringValue()).isEqualTo(HexFormat.of().formatHex(reference));
    assertThat(data.getTimestamp()).isEqualTo(123);
    assertThat(data.getProperties().getKeysList())
        .contains("keyId", CampusEdgeMetrics.SEQ_PROPERTY);
  }

  @Test
  void qualityAndUnitAreProperties() {
    Record bad =
        Record.newBuilder()
            .setReading(
                Reading.newBuilder()
                    .setDeviceId("d1")
                    .setMetric("co2")
                    .setUnit("[ppm]")
                    .setQuality(Quality.QUALITY_BAD)
                    .setQualityReason("CRC error"))
            .build();
    node.births();
    Metric metric = node.data(List.of(stored(bad)), List.of()).get(1).payload().getMetrics(0);

    assertThat(metric.getIsNull()).isTrue();
    assertThat(property(metric, "Quality").getIntValue()).isZero();
    assertThat(property(metric, "engUnit").getStringValue()).isEqualTo("[ppm]");
    assertThat(property(metric, CampusEdgeMetrics.QUALITY_REASON_PROPERTY).getStringValue())
        .isEqualTo("CRC error");
  }

  @Test
  void evictedRangesGoAheadAsAnNdata() {
    node.births();
    List<SparkplugNode.Message> messages =
        node.data(List.of(reading("d1", "co2", 1)), List.of(new EvictedRange(3, 5)));

    SparkplugNode.Message ndata = messages.get(0);
    assertThat(ndata.topic()).isEqualTo("spBv1.0/school1/NDATA/gw-a101");
    assertThat(ndata.payload().getMetrics(0).getStringValue()).isEqualTo("3-5");
    long evictedAlias = named(node.births().get(0).payload(), CampusEdgeMetrics.EVICTED).getAlias();
    assertThat(ndata.payload().getMetrics(0).getAlias()).isEqualTo(evictedAlias);
  }

  @Test
  void rebirthIsAskedByNameOrByAliasWithTrue() {
    long alias = named(node.births().get(0).payload(), CampusEdgeMetrics.REBIRTH).getAlias();

    assertThat(
            node.asksRebirth(
                command(Metric.newBuilder().setName("Node Control/Rebirth").setBooleanValue(true))))
        .isTrue();
    assertThat(node.asksRebirth(command(Metric.newBuilder().setAlias(alias).setBooleanValue(true))))
        .isTrue();
    assertThat(
            node.asksRebirth(
                command(
                    Metric.newBuilder().setName("Node Control/Rebirth").setBooleanValue(false))))
        .isFalse();
    assertThat(
            node.asksRebirth(
                command(Metric.newBuilder().setName("Node Control/Reboot").setBooleanValue(true))))
        .isFalse();
  }

  private static Payload command(Metric.Builder metric) {
    return Payload.newBuilder().addMetrics(metric).build();
  }

  private StoredRecord reading(String device, String metric, double value) {
    return stored(
        Record.newBuilder()
            .setReading(
                Reading.newBuilder()
                    .setDeviceId(device)
                    .setMetric(metric)
                    .setDoubleValue(value)
                    .setSourceTimeMs(500)
                    .setQuality(Quality.QUALITY_GOOD))
            .build());
  }

  private StoredRecord stored(Record record) {
    long seq = nextSeq++;
    return new StoredRecord(
        seq, Lane.TELEMETRY, 0, record.toBuilder().setSeq(seq).build().toByteArray());
  }

  private static Metric named(Payload payload, String name) {
    return payload.getMetricsList().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in " + payload));
  }

  private static long seqProperty(Metric metric) {
    return property(metric, CampusEdgeMetrics.SEQ_PROPERTY).getLongValue();
  }

  private static Payload.PropertyValue property(Metric metric, String key) {
    int index = metric.getProperties().getKeysList().indexOf(key);
    assertThat(index).as("property " + key).isNotNegative();
    return metric.getProperties().getValues(index);
  }
}
