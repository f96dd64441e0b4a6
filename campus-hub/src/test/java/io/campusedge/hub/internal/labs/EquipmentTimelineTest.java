package io.campusedge.hub.internal.labs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.TestDatabase;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Severity;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A device's states, runs and alarms read back from stored equipment events, clipped to a range.
 */
class EquipmentTimelineTest {
  private static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
  private DataSource dataSource;
  private EquipmentTimeline timelines;
  private long seq;

  @BeforeEach
  void setUp() {
    dataSource = TestDatabase.H2.migrated();
    timelines = new EquipmentTimeline(dataSource);
  }

  @Test
  void statesRunsAndAlarmsBecomeSpansClippedToTheRange() {
    store(
        minutes(-120),
        kind(EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED).setState("Idle"));
    store(
        minutes(30),
        kind(EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED).setState("Running"));
    store(
        minutes(30),
        kind(EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED)
            .setRunId("culture-42")
            .putAttributes("setpoint_c", "37"));
    store(
        minutes(45),
        kind(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED)
            .setAlarmCode("TempDeviation")
            .setSeverity(Severity.SEVERITY_WARNING)
            .setMessage("38.9 °C"));
    store(
        minutes(50),
        kind(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_CLEARED).setAlarmCode("TempDeviation"));
    store(
        minutes(90),
        kind(EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STOPPED).setRunId("culture-42"));
    store(
        minutes(90), kind(EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED).setState("Idle"));
    store(
        minutes(100),
        kind(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED)
            .setAlarmCode("DoorOpen")
            .setSeverity(Severity.SEVERITY_CRITICAL));
    store(
        minutes(200),
        kind(EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED).setState("Running"));

    EquipmentTimeline.Timeline timeline =
        timelines.of("s1", "gw-1", "incubator-1", T0, minutes(120));

    assertThat(timeline.states())
        .extracting(
            EquipmentTimeline.Span::name, EquipmentTimeline.Span::from, EquipmentTimeline.Span::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Idle", T0.toString(), minutes(30).toString()),
            org.assertj.core.groups.Tuple.tuple(
                "Running", minutes(30).toString(), minutes(90).toString()),
            org.assertj.core.groups.Tuple.tuple("Idle", minutes(90).toString(), null));
    assertThat(timeline.runs())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.name()).isEqualTo("culture-42");
              assertThat(run.to()).isEqualTo(minutes(90).toString());
              assertThat(run.attributes()).containsEntry("setpoint_c", "37");
            });
    assertThat(timeline.alarms())
        .extracting(
            EquipmentTimeline.Span::name,
            EquipmentTimeline.Span::severity,
            EquipmentTimeline.Span::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("TempDeviation", "WARNING", minutes(50).toString()),
            org.assertj.core.groups.Tuple.tuple("DoorOpen", "CRITICAL", null));
  }

  @Test
  void aBackwardOrTooLongRangeIsRefused() {
    assertThatThrownBy(() -> timelines.of("s1", "gw-1", "d", T0, T0))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("must be after");
    assertThatThrownBy(() -> timelines.of("s1", "gw-1", "d", T0, T0.plus(Duration.ofDays(32))))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("31 days");
  }

  private static Instant minutes(long m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  private static EquipmentEvent.Builder kind(EquipmentEventKind kind) {
    return EquipmentEvent.newBuilder().setKind(kind).setDeviceId("incubator-1");
  }

  private void store(Instant at, EquipmentEvent.Builder event) {
    long next = ++seq;
    byte[] payload =
        Record.newBuilder()
            .setSeq(next)
            .setEquipmentEvent(event.setSourceTimeMs(at.toEpochMilli()))
            .build()
            .toByteArray();
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO record (gateway_id, epoch, seq, kind, device_id, source_time,"
                      + " payload, received_at) VALUES ('gw-1', 1, ?, 'equipment_event',"
                      + " 'incubator-1', ?, ?, ?)")) {
            insert.setLong(1, next);
            insert.setObject(2, Sql.utc(at));
            insert.setBytes(3, payload);
            insert.setObject(4, Sql.utc(at));
            insert.executeUpdate();
          }
          return null;
        });
  }
}
