package io.campusedge.hub.internal.kura;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.campusedge.protos.kura.Kura.KuraPayload;
import io.campusedge.protos.kura.Kura.KuraPayload.KuraMetric;
import io.campusedge.protos.kura.Kura.KuraPayload.KuraMetric.ValueType;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kura lifecycle and data messages, with KuraPayload bytes built from Kura's schema. */
class KuraSessionsTest {
  private static final long T0 = 1_764_000_000_000L;
  private static final String ACCOUNT = "campus";
  private static final String CLIENT = "00:E0:4C:36:12:5A";

  private final KuraSessions sessions =
      new KuraSessions(
          List.of(new KuraGateway(ACCOUNT, CLIENT, "S1", "gw-kura", "C301", "Physics")),
          Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));

  @Test
  void birthRegistersTheGatewayWithOneDevicePerApplication() throws Exception {
    List<KuraSessions.Ingest> out = control(KuraTopic.Lifecycle.BIRTH, birthPayload());

    GatewayState state = GatewayState.parseFrom(out.get(0).payload());
    assertThat(out.get(0).topic()).isEqualTo("campusedge/v1/S1/gw-kura/state");
    assertThat(state.getOnline()).isTrue();
    assertThat(state.getEpoch()).isEqualTo(T0);
    assertThat(state.getSoftwareVersion()).isEqualTo("Kura 5.4.0");
    assertThat(state.getRooms(0).getName()).isEqualTo("Physics");
    assertThat(state.getDevicesList())
        .extracting(DeviceInfo::getDeviceId)
        .containsExactly(CLIENT, "CLOUD-V1", "env");
    assertThat(state.getDevices(0).getModel()).isEqualTo("Raspberry Pi 4");
  }

  @Test
  void dataBecomesReadingsOfTheAppAndResource() throws Exception {
    control(KuraTopic.Lifecycle.BIRTH, birthPayload());

    List<KuraSessions.Ingest> out = data("env/sensors", sensorPayload());

    // A new source: the inventory is sent again with it, then the readings.
    assertThat(GatewayState.parseFrom(out.get(0).payload()).getDevicesList())
        .extracting(DeviceInfo::getDeviceId)
        .contains("env/sensors");
    Batch batch = Batch.parseFrom(out.get(1).payload());
    assertThat(out.get(1).topic()).isEqualTo("campusedge/v1/S1/gw-kura/data");
    assertThat(batch.getRecordsList())
        .extracting(Record::getSeq)
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    List<Reading> readings = batch.getRecordsList().stream().map(Record::getReading).toList();
    assertThat(readings).extracting(Reading::getDeviceId).containsOnly("env/sensors");
    assertThat(readings)
        .extracting(Reading::getMetric)
        .containsExactly(
            "temperature", "humidity", "occupied", "position/latitude", "position/longitude");
    assertThat(readings.get(0).getDoubleValue()).isEqualTo(22.25);
    assertThat(readings.get(1).getDoubleValue()).isEqualTo(48.2);
    assertThat(readings.get(2).getBoolValue()).isTrue();
    assertThat(readings.get(0).getSourceTimeMs()).isEqualTo(T0 - 1_000);
    // The bytes metric and the one without a type have no reading.
    assertThat(sessions.stats().skippedMetrics()).isEqualTo(2);

    List<KuraSessions.Ingest> again = data("env/sensors", sensorPayload());
    assertThat(again).hasSize(1);
    assertThat(Batch.parseFrom(again.get(0).payload()).getRecords(0).getSeq()).isEqualTo(6);
  }

  @Test
  void handEncodedPayloadFromKurasSchemaIsIngested() throws Exception {
    // timestamp (1) T0, metric (5000) {name "co2", type INT32 (3), int_value (6) 640}.
    byte[] bytes = HexFormat.of().parseHex("0880d0dfb4ab33" + "c2b8020a0a03636f321003308005");

    List<KuraSessions.Ingest> out = data("air", KuraPayload.parseFrom(bytes));

    Reading co2 = Batch.parseFrom(out.get(1).payload()).getRecords(0).getReading();
    assertThat(co2.getMetric()).isEqualTo("co2");
    assertThat(co2.getIntValue()).isEqualTo(640);
    assertThat(co2.getSourceTimeMs()).isEqualTo(T0);
  }

  @Test
  void lwtAndDcMarkTheGatewayOfflineOnce() throws Exception {
    control(KuraTopic.Lifecycle.BIRTH, birthPayload());

    List<KuraSessions.Ingest> lwt =
        control(KuraTopic.Lifecycle.LWT, KuraPayload.getDefaultInstance());
    List<KuraSessions.Ingest> dc =
        control(KuraTopic.Lifecycle.DC, KuraPayload.getDefaultInstance());

    assertThat(GatewayState.parseFrom(lwt.get(0).payload()).getOnline()).isFalse();
    assertThat(dc).isEmpty();
    assertThat(sessions.onlineGateways()).isEmpty();
  }

  @Test
  void dataWithoutBirthStartsASessionWithANewEpoch() throws Exception {
    control(KuraTopic.Lifecycle.BIRTH, birthPayload());
    control(KuraTopic.Lifecycle.LWT, KuraPayload.getDefaultInstance());

    List<KuraSessions.Ingest> out = data("env/sensors", sensorPayload());

    GatewayState state = GatewayState.parseFrom(out.get(0).payload());
    assertThat(state.getOnline()).isTrue();
    assertThat(state.getEpoch()).isEqualTo(T0 + 1);
    assertThat(Batch.parseFrom(out.get(1).payload()).getRecords(0).getSeq()).isEqualTo(1);
  }

  @Test
  void garbageAndUnmappedGatewaysAreIgnored() {
    assertThat(
            sessions.accept(
                new KuraTopic.Data(ACCOUNT, CLIENT, List.of("env")), new byte[] {(byte) 0xc2, 1}))
        .isEmpty();
    assertThat(
            sessions.accept(
                new KuraTopic.Data(ACCOUNT, "stranger", List.of("env")),
                sensorPayload().toByteArray()))
        .isEmpty();
    assertThat(sessions.stats().malformed()).isEqualTo(1);
    assertThat(sessions.stats().unmapped()).isEqualTo(1);
  }

  static KuraPayload birthPayload() {
    return KuraPayload.newBuilder()
        .setTimestamp(T0)
        .addMetric(string("display_name", "Physics lab gateway"))
        .addMetric(string("model_name", "Raspberry Pi 4"))
        .addMetric(string("firmware_version", "5.4.0"))
        .addMetric(string("application_ids", "CLOUD-V1,env"))
        .addMetric(
            KuraMetric.newBuilder().setName("uptime").setType(ValueType.INT64).setLongValue(1234))
        .build();
  }

  static KuraPayload sensorPayload() {
    return KuraPayload.newBuilder()
        .setTimestamp(T0 - 1_000)
        .setPosition(
            KuraPayload.KuraPosition.newBuilder().setLatitude(21.0285).setLongitude(105.8542))
        .addMetric(
            KuraMetric.newBuilder()
                .setName("temperature")
                .setType(ValueType.DOUBLE)
                .setDoubleValue(22.25))
        .addMetric(
            KuraMetric.newBuilder()
                .setName("humidity")
                .setType(ValueType.FLOAT)
                .setFloatValue(48.2f))
        .addMetric(
            KuraMetric.newBuilder().setName("occupied").setType(ValueType.BOOL).setBoolValue(true))
        .addMetric(
            KuraMetric.newBuilder()
                .setName("raw")
                .setType(ValueType.BYTES)
                .setBytesValue(ByteString.copyFrom(new byte[] {1})))
        .addMetric(KuraMetric.newBuilder().setName("untyped").setDoubleValue(1.0))
        .build();
  }

  private static KuraMetric.Builder string(String name, String value) {
    return KuraMetric.newBuilder().setName(name).setType(ValueType.STRING).setStringValue(value);
  }

  private List<KuraSessions.Ingest> control(KuraTopic.Lifecycle lifecycle, KuraPayload payload) {
    return sessions.accept(
        new KuraTopic.Control(ACCOUNT, CLIENT, lifecycle), payload.toByteArray());
  }

  private List<KuraSessions.Ingest> data(String semantic, KuraPayload payload) {
    return sessions.accept(
        new KuraTopic.Data(ACCOUNT, CLIENT, List.of(semantic.split("/"))), payload.toByteArray());
  }
}
