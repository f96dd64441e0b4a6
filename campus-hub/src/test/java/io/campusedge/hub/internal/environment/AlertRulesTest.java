package io.campusedge.hub.internal.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.alerts.Alert;
import io.campusedge.hub.internal.alerts.AlertKind;
import io.campusedge.hub.internal.alerts.Alerts;
import io.campusedge.hub.internal.attendance.RosterStore;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.config.EnvironmentConfig;
import io.campusedge.hub.internal.config.EventsConfig;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.live.LiveState;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.campusedge.hub.internal.store.JdbcGatewayInventoryStore;
import io.campusedge.hub.internal.store.JdbcRecordStore;
import io.campusedge.hub.internal.store.RegisteredGateway;
import io.campusedge.hub.internal.store.StoredReading;
import io.campusedge.hub.internal.store.TestDatabase;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.LaneStats;
import io.campusedge.protos.v1.OutboxStats;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Room;
import io.micronaut.json.JsonMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Environment, device and gateway alerts from readings and states: raised after the condition held
 * for its duration, not flapping at a threshold, cleared when back to normal.
 */
class AlertRulesTest {
  private static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
  private static final Caller ADMIN =
      new Caller("admin", Caller.Kind.USER, Role.SCHOOL_ADMIN, Set.of("s1"));

  private Alerts alerts;
  private AlertRules rules;
  private DataSource dataSource;
  private LiveState live;
  private GatewayRegistry registry;

  @BeforeEach
  void setUp() throws Exception {
    dataSource = TestDatabase.H2.migrated();
    JdbcGatewayInventoryStore inventory = new JdbcGatewayInventoryStore(dataSource);
    inventory.apply(
        GatewayState.newBuilder()
            .setOnline(true)
            .setSite("s1")
            .setGatewayId("gw-a101")
            .setEpoch(1)
            .addRooms(Room.newBuilder().setId("A101").setName("A101"))
            .addDevices(
                DeviceInfo.newBuilder().setDeviceId("scd1").setType("scd4x").setRoomId("A101"))
            .addDevices(
                DeviceInfo.newBuilder().setDeviceId("pir1").setType("pir").setRoomId("A101"))
            .addDevices(
                DeviceInfo.newBuilder()
                    .setDeviceId("mic1")
                    .setType("mcp3008-sound")
                    .setRoomId("A101"))
            .addDevices(
                DeviceInfo.newBuilder().setDeviceId("proj1").setType("pjlink").setRoomId("A101"))
            .build());
    live = new LiveState(new JdbcRecordStore(dataSource), inventory);
    live.reloadInventory();
    registry =
        new GatewayRegistry() {
          @Override
          public Optional<RegisteredGateway> find(String gatewayId) {
            return Optional.of(new RegisteredGateway(gatewayId, "s1"));
          }

          @Override
          public Optional<RegisteredGateway> authenticate(String gatewayId, byte[] password) {
            return find(gatewayId);
          }

          @Override
          public void register(String gatewayId, String site, String password) {}
        };
    LiveEvents events =
        new LiveEvents(live, registry, new EventsConfig(100, Duration.ofSeconds(15)));
    alerts =
        new Alerts(
            dataSource,
            events,
            new AuditLog(dataSource, JsonMapper.createDefault()),
            new ExportOutbox(JsonMapper.createDefault()));
    rules =
        new AlertRules(
            alerts,
            live,
            EnvironmentConfig.defaults(),
            registry,
            new RosterStore(dataSource),
            AttendanceConfig.defaults());
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO timetable_entry (site, entry_id, class_id, room_id, weekday,"
                    + " start_time, end_time, term_id, created_at)"
                    + " VALUES ('s1', 'mon', '10A1', 'A101', 1, '07:00:00', '11:00:00', NULL,"
                    + " CURRENT_TIMESTAMP)")) {
      insert.executeUpdate();
    }
  }

  @Test
  void co2AboveTheActLevelForFiveMinutesRaisesPoorAirOnceAndClearsAfterVentilation() {
    co2(0, 1600);
    co2(4, 1700);
    assertThat(open()).isEmpty();
    co2(5, 1650);
    assertThat(open()).extracting(Alert::kind).containsExactly(AlertKind.POOR_AIR);

    // Hovering around the threshold does not raise again or clear.
    for (int minute = 6; minute < 30; minute++) {
      co2(minute, minute % 2 == 0 ? 1490 : 1510);
    }
    assertThat(open()).singleElement().satisfies(a -> assertThat(a.occurrences()).isEqualTo(1));

    co2(30, 1100);
    co2(34, 1000);
    assertThat(open()).hasSize(1);
    co2(35, 950);
    assertThat(open()).isEmpty();
    assertThat(alerts.list(ADMIN, Optional.of("s1"), Optional.of(Alert.State.CLEARED), 10))
        .singleElement()
        .satisfies(a -> assertThat(a.detail()).contains("CO2 1650 ppm", "cleared"));
  }

  @Test
  void aDeviceReadingBadForTenMinutesIsADeviceFaultUntilItReadsAgain() {
    bad(0);
    bad(9);
    assertThat(open()).isEmpty();
    bad(10);
    assertThat(open())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(AlertKind.DEVICE_FAULT);
              assertThat(a.detail()).contains("I2C bus 1: no device at 0x62");
              assertThat(a.roomId()).contains("A101");
            });
    co2(11, 600);
    co2(16, 600);
    assertThat(open()).isEmpty();
  }

  @Test
  void noiseCountsOnlyInAnEmptyRoom() {
    reading("pir1", "occupied", 0, true);
    for (int minute = 0; minute <= 12; minute++) {
      reading("mic1", "noise", minute, 60.0);
    }
    assertThat(open()).isEmpty();

    reading("pir1", "occupied", 13, false);
    for (int minute = 13; minute <= 23; minute++) {
      reading("mic1", "noise", minute, 52.0);
    }
    assertThat(open()).extracting(Alert::kind).containsExactly(AlertKind.NOISE_EMPTY_ROOM);
  }

  @Test
  void aProjectorLeftOnInAnEmptyRoomAfterLessonsRaisesAnAlertWithThePowerOffCommand() {
    // T0 is 08:00 in Vietnam on Monday 2026-12-07: a lesson is on until 11:00.
    reading("pir1", "occupied", 0, false);
    for (int minute = 0; minute <= 20; minute++) {
      text("proj1", "power_state", minute, "on");
    }
    assertThat(open()).isEmpty();

    // 12:00, after the lesson, still on and nobody in the room for 15 minutes.
    for (int minute = 240; minute <= 255; minute++) {
      text("proj1", "power_state", minute, "on");
    }
    assertThat(open())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(AlertKind.DISPLAY_LEFT_ON);
              assertThat(a.detail())
                  .contains("POST /api/v1/gateways/gw-a101/commands", "\"action\":\"power-off\"");
            });
    text("proj1", "power_state", 256, "standby");
    assertThat(open()).isEmpty();
  }

  @Test
  void withAutomaticPowerOffTheHubSendsTheCommandOnceAndSaysSoInTheAlert() {
    List<String> switchedOff = new ArrayList<>();
    rules =
        new AlertRules(
            alerts,
            live,
            EnvironmentConfig.defaults().withDisplayAutoPowerOff(true),
            registry,
            new RosterStore(dataSource),
            AttendanceConfig.defaults(),
            (gateway, device) -> {
              switchedOff.add(gateway + "/" + device);
              return "power-off command cmd-1 SENT";
            });
    reading("pir1", "occupied", 240, false);
    for (int minute = 240; minute <= 260; minute++) {
      text("proj1", "power_state", minute, "on");
    }
    assertThat(switchedOff).containsExactly("gw-a101/proj1");
    assertThat(open())
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.detail())
                    .contains("switched off automatically: power-off command cmd-1 SENT"));
  }

  @Test
  void gatewayOfflineDiskFullAndEvictionsRaiseAndOnlineClears() {
    rules.gatewayChanged("s1", "gw-a101", false, "its death message");
    rules.gatewayState(state(false, 0));
    rules.gatewayState(state(true, 0));
    rules.gatewayState(state(false, 120));
    assertThat(open())
        .extracting(Alert::kind)
        .containsExactlyInAnyOrder(AlertKind.GATEWAY_OFFLINE, AlertKind.OUTBOX_EVICTING);
    assertThat(alerts.list(ADMIN, Optional.of("s1"), Optional.of(Alert.State.CLEARED), 10))
        .extracting(Alert::kind)
        .containsExactly(AlertKind.OUTBOX_DISK_FULL);

    rules.gatewayChanged("s1", "gw-a101", true, "birth");
    assertThat(open()).extracting(Alert::kind).containsExactly(AlertKind.OUTBOX_EVICTING);
  }

  private List<Alert> open() {
    return alerts.list(ADMIN, Optional.of("s1"), Optional.of(Alert.State.OPEN), 100);
  }

  private static GatewayState state(boolean diskFull, long evicted) {
    return GatewayState.newBuilder()
        .setOnline(true)
        .setSite("s1")
        .setGatewayId("gw-a101")
        .setEpoch(1)
        .setOutbox(
            OutboxStats.newBuilder()
                .setDiskFull(diskFull)
                .addLanes(LaneStats.newBuilder().setLane("telemetry").setEvicted(evicted)))
        .build();
  }

  private void co2(int minute, double ppm) {
    reading("scd1", "co2", minute, ppm);
  }

  private void bad(int minute) {
    rules.readingsCommitted(
        "s1",
        List.of(
            StoredReading.of(
                "gw-a101",
                Reading.newBuilder()
                    .setDeviceId("scd1")
                    .setMetric("co2")
                    .setSourceTimeMs(T0.plusSeconds(60L * minute).toEpochMilli())
                    .setUnit("[ppm]")
                    .setQuality(Quality.QUALITY_BAD)
                    .setQualityReason("I2C bus 1: no device at 0x62")
                    .build())));
  }

  private void text(String device, String metric, int minute, String value) {
    rules.readingsCommitted(
        "s1",
        List.of(
            StoredReading.of(
                "gw-a101",
                Reading.newBuilder()
                    .setDeviceId(device)
                    .setMetric(metric)
                    .setSourceTimeMs(T0.plusSeconds(60L * minute).toEpochMilli())
                    .setUnit("1")
                    .setQuality(Quality.QUALITY_GOOD)
                    .setStringValue(value)
                    .build())));
  }

  private void reading(String device, String metric, int minute, Object value) {
    Reading.Builder reading =
        Reading.newBuilder()
            .setDeviceId(device)
            .setMetric(metric)
            .setSourceTimeMs(T0.plusSeconds(60L * minute).toEpochMilli())
            .setUnit("1")
            .setQuality(Quality.QUALITY_GOOD);
    if (value instanceof Boolean flag) {
      reading.setBoolValue(flag);
    } else {
      reading.setDoubleValue((Double) value);
    }
    rules.readingsCommitted("s1", List.of(StoredReading.of("gw-a101", reading.build())));
  }
}
