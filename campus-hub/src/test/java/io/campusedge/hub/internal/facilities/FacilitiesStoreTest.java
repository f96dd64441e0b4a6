package io.campusedge.hub.internal.facilities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.hub.internal.alerts.Alert;
import io.campusedge.hub.internal.alerts.AlertKind;
import io.campusedge.hub.internal.alerts.Alerts;
import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.audit.AuditEntry;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.config.EventsConfig;
import io.campusedge.hub.internal.events.LiveEvent;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.ForbiddenException;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.TestDatabase;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Room records, equipment and their audit on H2 and PostgreSQL, through {@link Facilities}. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class FacilitiesStoreTest {
  private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
  private static final Caller ADMIN =
      new Caller("hieu", Caller.Kind.USER, Role.SCHOOL_ADMIN, Set.of("s1"));
  private static final Caller TECHNICIAN =
      new Caller("ky.thuat", Caller.Kind.USER, Role.TECHNICIAN, Set.of("s1"));
  private static final Caller TEACHER =
      new Caller("co.lan", Caller.Kind.USER, Role.TEACHER, Set.of("s1"));
  private static final String EQUIPMENT =
      "assetCode,type,model,serial,room,commissioned,status,gatewayId,deviceId,"
          + "maintenanceIntervalDays,lastMaintenance\n"
          + "P-1,projector,EB-X51,SN1,A101,2024-08-01,IN_USE,gw-a101,proj1,180,2026-05-01\n"
          + "B-1,balance,,,LAB1,,IN_USE,,,,\n";

  @Parameter TestDatabase database;
  private DataSource dataSource;
  private AuditLog audit;
  private FacilityStore store;
  private Facilities facilities;

  @BeforeEach
  void setUp() throws Exception {
    dataSource = database.migrated();
    audit = new AuditLog(dataSource, JsonMapper.createDefault());
    store = new FacilityStore(dataSource, new ExportOutbox(JsonMapper.createDefault()));
    AttendanceConfig config =
        new AttendanceConfig(
            "Asia/Ho_Chi_Minh",
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofMinutes(2),
            7,
            Duration.ofMinutes(1),
            7);
    facilities = new Facilities(store, audit, config, Clock.fixed(NOW, ZoneOffset.UTC));
    execute("INSERT INTO room (site, room_id, name) VALUES ('s1', 'A101', 'Phòng A101')");
    execute("INSERT INTO room (site, room_id, name) VALUES ('s1', 'A102', 'Phòng A102')");
  }

  @Test
  void roomRecordsReplaceTheOldOnesAndReportedRoomsShowAsUnrecorded() {
    facilities.importRooms(ADMIN, "s1", csv("roomId,name,building,kind,capacity\nX1,Old,,HALL,\n"));
    Facilities.RoomsSummary summary =
        facilities.importRooms(
            ADMIN,
            "s1",
            csv(
                "roomId,name,building,kind,capacity\nA101,Lớp 10A1,A,CLASSROOM,40\nLAB1,Hoá,B,LAB,24\n"));

    assertThat(summary).isEqualTo(new Facilities.RoomsSummary("s1", 2, 2));
    assertThat(facilities.rooms(TEACHER, "s1"))
        .containsExactly(
            new Facilities.RoomRecordView(
                "A101", "Lớp 10A1", "A", "CLASSROOM", 40, "RECORDED", true),
            new Facilities.RoomRecordView("LAB1", "Hoá", "B", "LAB", 24, "RECORDED", false),
            new Facilities.RoomRecordView(
                "A102", "Phòng A102", null, null, null, "UNRECORDED", true));
    assertThatThrownBy(() -> facilities.importRooms(TEACHER, "s1", csv("roomId,kind\n")))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void overdueMaintenanceRaisesAnAlertThatClearsWhenTheAssetIsMaintained() {
    facilities.importRooms(ADMIN, "s1", csv("roomId,kind\nLAB1,LAB\n"));
    facilities.importEquipment(ADMIN, "s1", csv(EQUIPMENT));
    LiveEvents events =
        new LiveEvents(null, null, new EventsConfig(10, Duration.ofSeconds(15))) {
          @Override
          public void publish(LiveEvent event) {}
        };
    Alerts alerts =
        new Alerts(dataSource, events, audit, new ExportOutbox(JsonMapper.createDefault()));
    MaintenanceCheck check =
        new MaintenanceCheck(
            store, alerts, ZoneId.of("Asia/Ho_Chi_Minh"), Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(check.run()).isEqualTo(1);
    assertThat(check.run()).isEqualTo(1);
    List<Alert> open = alerts.list(ADMIN, Optional.of("s1"), Optional.of(Alert.State.OPEN), 10);
    assertThat(open)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.kind()).isEqualTo(AlertKind.MAINTENANCE_OVERDUE);
              assertThat(alert.subject()).isEqualTo("asset P-1");
              assertThat(alert.roomId()).contains("A101");
              assertThat(alert.detail()).contains("due on 2026-10-28", "every 180 days");
              assertThat(alert.occurrences()).isEqualTo(2);
            });

    facilities.update(
        TECHNICIAN, "s1", "P-1", Optional.empty(), Optional.empty(), Optional.of("2026-12-06"));
    assertThat(check.run()).isZero();
    assertThat(alerts.list(ADMIN, Optional.of("s1"), Optional.of(Alert.State.OPEN), 10)).isEmpty();
  }

  @Test
  void equipmentIsStoredWithItsDeviceActivityAndMaintenanceDue() throws Exception {
    facilities.importRooms(ADMIN, "s1", csv("roomId,kind\nLAB1,LAB\n"));
    Facilities.EquipmentSummary summary = facilities.importEquipment(ADMIN, "s1", csv(EQUIPMENT));
    assertThat(summary).isEqualTo(new Facilities.EquipmentSummary("s1", 2, 2, 0, 0));
    reading("proj1", "lamp_hours", "2026-12-07T01:00:00Z", 1200);
    reading("proj1", "lamp_hours", "2026-12-07T02:00:00Z", 1201);
    reading("proj1", "power", "2026-12-07T02:30:00Z", 1);

    List<Facilities.EquipmentView> all =
        facilities.equipment(TEACHER, "s1", Optional.empty(), Optional.empty());
    assertThat(all).extracting(Facilities.EquipmentView::assetCode).containsExactly("B-1", "P-1");
    Facilities.EquipmentView projector = all.get(1);
    assertThat(projector.lastSeen()).isEqualTo("2026-12-07T02:30:00Z");
    assertThat(projector.usageHours()).isEqualTo(1201.0);
    assertThat(projector.maintenanceDue()).isEqualTo("2026-10-28");
    assertThat(projector.maintenanceOverdue()).isTrue();
    assertThat(all.get(0).lastSeen()).isNull();
    assertThat(all.get(0).usageHours()).isNull();
    assertThat(facilities.equipment(TEACHER, "s1", Optional.of("LAB1"), Optional.of("in use")))
        .extracting(Facilities.EquipmentView::assetCode)
        .containsExactly("B-1");
    assertThatThrownBy(
            () -> facilities.equipment(TEACHER, "s1", Optional.empty(), Optional.of("sideways")))
        .isInstanceOf(RejectedException.class);
  }

  @Test
  void aTechnicianChangesTheStatusAndTheAuditKeepsBeforeAndAfter() {
    facilities.importEquipment(ADMIN, "s1", csv(EQUIPMENT.replace(",LAB1,", ",A101,")));
    assertThatThrownBy(
            () ->
                facilities.update(
                    TEACHER,
                    "s1",
                    "P-1",
                    Optional.of("FAULTY"),
                    Optional.empty(),
                    Optional.empty()))
        .isInstanceOf(ForbiddenException.class);

    Facilities.EquipmentView changed =
        facilities.update(
            TECHNICIAN,
            "s1",
            "P-1",
            Optional.of("FAULTY"),
            Optional.of("lamp flickers"),
            Optional.empty());

    assertThat(changed.status()).isEqualTo("FAULTY");
    assertThat(changed.notes()).isEqualTo("lamp flickers");
    AuditEntry entry = audit.page(Optional.of(Set.of("s1")), 0, 1).get(0);
    assertThat(entry.action()).isEqualTo("equipment.status");
    assertThat(entry.actor()).isEqualTo("ky.thuat");
    assertThat(entry.target()).isEqualTo("equipment:s1/P-1");
    assertThat(entry.detailsJson())
        .contains("\"before\":{\"notes\":\"\",\"status\":\"IN_USE\"}")
        .contains("\"after\":{\"notes\":\"lamp flickers\",\"status\":\"FAULTY\"}");

    // Re-importing the inventory keeps the notes, which the CSV does not carry.
    facilities.importEquipment(ADMIN, "s1", csv(EQUIPMENT.replace(",LAB1,", ",A101,")));
    assertThat(store.asset("s1", "P-1").orElseThrow().notes()).contains("lamp flickers");
    assertThatThrownBy(
            () ->
                facilities.update(
                    TECHNICIAN,
                    "s1",
                    "NOPE",
                    Optional.of("FAULTY"),
                    Optional.empty(),
                    Optional.empty()))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.kind()).isEqualTo(RejectedException.Kind.NOT_FOUND));
  }

  @Test
  void aRefusedImportLeavesTheInventoryAsItWas() {
    facilities.importEquipment(ADMIN, "s1", csv(EQUIPMENT.replace(",LAB1,", ",A101,")));
    String before = facilities.equipmentCsv(TEACHER, "s1");
    assertThatThrownBy(
            () ->
                facilities.importEquipment(
                    ADMIN, "s1", csv(EQUIPMENT + "P-1,x,,,A101,,IN_USE,,,,\n")))
        .isInstanceOf(RejectedException.class);
    assertThat(facilities.equipmentCsv(TEACHER, "s1")).isEqualTo(before);

    // What was exported is imported back as it is: nothing added, changed or removed.
    assertThat(facilities.importEquipment(ADMIN, "s1", csv(before)))
        .isEqualTo(new Facilities.EquipmentSummary("s1", 2, 0, 0, 0));
    assertThat(facilities.equipmentCsv(TEACHER, "s1")).isEqualTo(before);
  }

  private static byte[] csv(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void reading(String device, String metric, String time, long value) {
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement series =
                  connection.prepareStatement(
                      "INSERT INTO series (gateway_id, device_id, metric)"
                          + " SELECT 'gw-a101', ?, ? WHERE NOT EXISTS (SELECT 1 FROM series"
                          + " WHERE gateway_id = 'gw-a101' AND device_id = ? AND metric = ?)");
              PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO reading (series_id, epoch, seq, source_time, value_type,"
                          + " num_value, text_value, unit, quality) SELECT series_id, 1, ?, ?,"
                          + " 'INT', ?, ?, 'h', 'GOOD' FROM series WHERE gateway_id = 'gw-a101'"
                          + " AND device_id = ? AND metric = ?")) {
            series.setString(1, device);
            series.setString(2, metric);
            series.setString(3, device);
            series.setString(4, metric);
            series.executeUpdate();
            insert.setLong(1, Instant.parse(time).getEpochSecond());
            insert.setObject(2, Sql.utc(Instant.parse(time)));
            insert.setDouble(3, value);
            insert.setString(4, Long.toString(value));
            insert.setString(5, device);
            insert.setString(6, metric);
            return insert.executeUpdate();
          }
        });
  }

  private void execute(String sql) throws Exception {
    try (var connection = dataSource.getConnection()) {
      connection.createStatement().executeUpdate(sql);
    }
  }
}
