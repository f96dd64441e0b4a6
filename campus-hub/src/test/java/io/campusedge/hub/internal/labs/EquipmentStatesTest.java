package io.campusedge.hub.internal.labs;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.alerts.Alerts;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.EventsConfig;
import io.campusedge.hub.internal.events.LiveEvent;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.StoredRecordHandler.StoredRecordContext;
import io.campusedge.hub.internal.store.TestDatabase;
import io.campusedge.protos.v1.ClockState;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Severity;
import io.micronaut.json.JsonMapper;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Equipment events become a device's state, run, alarm and operating hours; an alarm raises and
 * clears LAB_ALARM for a lab instrument and EQUIPMENT_FAULT for a projector; a late event never
 * moves the state backwards.
 */
class EquipmentStatesTest {
  private static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
  private final List<LiveEvent> published = new ArrayList<>();
  private DataSource dataSource;
  private EquipmentStates states;

  @BeforeEach
  void setUp() {
    dataSource = TestDatabase.H2.migrated();
    JsonMapper json = JsonMapper.createDefault();
    LiveEvents events =
        new LiveEvents(null, null, new EventsConfig(10, Duration.ofSeconds(15))) {
          @Override
          public void publish(LiveEvent event) {
            published.add(event);
          }
        };
    ExportOutbox outbox = new ExportOutbox(json);
    Alerts alerts = new Alerts(dataSource, events, new AuditLog(dataSource, json), outbox);
    states = new EquipmentStates(alerts, outbox);
    device("incubator-1", "opcua", "B201");
    device("projector-1", "pjlink", "A101");
  }

  @Test
  void operatingHoursCountOnlyTimeInAWorkingState() throws Exception {
    store("incubator-1", state("Running"), T0);
    store("incubator-1", state("Idle"), T0.plus(Duration.ofMinutes(90)));
    store("incubator-1", state("Heating"), T0.plus(Duration.ofHours(2)));

    Instrument now = instrument("incubator-1", T0.plus(Duration.ofHours(3)));
    assertThat(now.state()).isEqualTo("Heating");
    // 1.5 h running, then 1 h heating up to "now"; idle time does not count.
    assertThat(now.operatingHours()).isEqualTo(2.5);
    assertThat(now.room()).isEqualTo("B201");
  }

  @Test
  void aLateEventDoesNotMoveTheStateBackButItsRunIsCounted() throws Exception {
    store("incubator-1", state("Running"), T0.plus(Duration.ofMinutes(10)));
    store("incubator-1", state("Idle"), T0);
    store(
        "incubator-1",
        event(EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED).setRunId("old-run"),
        T0.minus(Duration.ofMinutes(5)));

    Instrument now = instrument("incubator-1", T0.plus(Duration.ofMinutes(20)));
    assertThat(now.state()).isEqualTo("Running");
    assertThat(now.runsStarted()).isEqualTo(1);
    assertThat(now.runId()).isNull();
  }

  @Test
  void aLabAlarmRaisesAndClearsLabAlarmWithTheRunShown() throws Exception {
    store(
        "incubator-1",
        event(EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED).setRunId("culture-42"),
        T0);
    store(
        "incubator-1",
        event(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED)
            .setAlarmCode("TempDeviation")
            .setSeverity(Severity.SEVERITY_CRITICAL)
            .setMessage("41.2 °C"),
        T0.plusSeconds(60));

    Instrument raised = instrument("incubator-1", T0.plusSeconds(120));
    assertThat(raised.runId()).isEqualTo("culture-42");
    assertThat(raised.alarm().code()).isEqualTo("TempDeviation");
    assertThat(raised.alarm().severity()).isEqualTo("CRITICAL");
    assertThat(alertStates("LAB_ALARM")).containsExactly("OPEN");

    store(
        "incubator-1",
        event(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_CLEARED).setAlarmCode("TempDeviation"),
        T0.plusSeconds(180));
    assertThat(instrument("incubator-1", T0.plusSeconds(200)).alarm()).isNull();
    assertThat(alertStates("LAB_ALARM")).containsExactly("CLEARED");
    assertThat(published).hasSize(2);
  }

  @Test
  void anAlarmMessageLongerThanItsColumnIsCutNotRefused() throws Exception {
    store(
        "incubator-1",
        event(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED)
            .setAlarmCode("TempDeviation")
            .setSeverity(Severity.SEVERITY_CRITICAL)
            .setMessage("sensor drift ".repeat(100)),
        T0);

    String message = instrument("incubator-1", T0.plusSeconds(1)).alarm().message();
    assertThat(message).hasSize(512).startsWith("sensor drift sensor drift").endsWith("…");
  }

  @Test
  void aProjectorErrorIsAFacilityFaultAndNotALabInstrument() throws Exception {
    store(
        "projector-1",
        event(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED)
            .setAlarmCode("lamp")
            .setSeverity(Severity.SEVERITY_WARNING),
        T0);
    assertThat(alertStates("EQUIPMENT_FAULT")).containsExactly("OPEN");
    assertThat(alertStates("LAB_ALARM")).isEmpty();
    Instruments instruments = new Instruments(dataSource, Clock.fixed(T0, ZoneOffset.UTC));
    assertThat(instruments.list(Optional.of("s1"), true)).isEmpty();
    assertThat(instruments.list(Optional.of("s1"), false))
        .extracting(Instrument::deviceId)
        .containsExactly("projector-1");
  }

  @Test
  void otherRecordsAreLeftAlone() throws Exception {
    Sql.inTransaction(
        dataSource,
        connection -> {
          states.stored(
              connection,
              new StoredRecordContext("s1", "gw-1", 1, T0),
              Record.newBuilder().setSeq(1).build(),
              Runnable::run);
          return null;
        });
    assertThat(new Instruments(dataSource).list(Optional.empty(), false)).isEmpty();
  }

  private Instrument instrument(String device, Instant now) {
    return new Instruments(dataSource, Clock.fixed(now, ZoneOffset.UTC))
        .list(Optional.of("s1"), false).stream()
            .filter(i -> i.deviceId().equals(device))
            .findFirst()
            .orElseThrow();
  }

  private static EquipmentEvent.Builder state(String state) {
    return event(EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED).setState(state);
  }

  private static EquipmentEvent.Builder event(EquipmentEventKind kind) {
    return EquipmentEvent.newBuilder().setKind(kind);
  }

  private void store(String device, EquipmentEvent.Builder event, Instant at) {
    Record record =
        Record.newBuilder()
            .setSeq(1)
            .setClock(ClockState.newBuilder().setSynced(true))
            .setEquipmentEvent(event.setDeviceId(device).setSourceTimeMs(at.toEpochMilli()))
            .build();
    List<Runnable> after = new ArrayList<>();
    Sql.inTransaction(
        dataSource,
        connection -> {
          states.stored(
              connection, new StoredRecordContext("s1", "gw-1", 1, at), record, after::add);
          return null;
        });
    after.forEach(Runnable::run);
  }

  private void device(String id, String type, String room) {
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO device (gateway_id, device_id, site, device_type, room_id, model)"
                      + " VALUES ('gw-1', ?, 's1', ?, ?, '')")) {
            insert.setString(1, id);
            insert.setString(2, type);
            insert.setString(3, room);
            insert.executeUpdate();
          }
          return null;
        });
  }

  private List<String> alertStates(String kind) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<String> found = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement("SELECT state FROM alert WHERE kind = ?")) {
            select.setString(1, kind);
            try (var rows = select.executeQuery()) {
              while (rows.next()) {
                found.add(rows.getString(1));
              }
            }
          }
          return found;
        });
  }
}
