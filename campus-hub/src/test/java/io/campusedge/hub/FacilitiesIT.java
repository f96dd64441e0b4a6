package io.campusedge.hub;

import static io.campusedge.hub.HubApi.get;
import static io.campusedge.hub.HubApi.json;
import static io.campusedge.hub.HubApi.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.RunningHub;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.ClockState;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Room;
import io.micronaut.json.tree.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facility records through the hub's API with a real hub and a gateway reporting a projector: room
 * and equipment imports (and bad files), who may do what, live data tied to an asset, and the
 * equipment export imported back unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FacilitiesIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String SITE = "THPT-FAC";
  private static final String PASSWORD = "a-long-password";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String EQUIPMENT =
      "assetCode,type,model,serial,room,commissioned,status,gatewayId,deviceId,"
          + "maintenanceIntervalDays,lastMaintenance\n"
          + "MC-01,projector,\"Epson EB-X51, trần\",X5K123,A101,2024-08-15,IN_USE,gw-a101,proj1,180,2026-06-01\n"
          + "HH-07,balance,,,LAB1,2023-09-01,IN_USE,,,365,\n";

  @TempDir static Path dataDir;
  private RunningHub hub;
  private URI base;
  private TestGateway gateway;

  @BeforeAll
  void startHubAndGateway() throws Exception {
    int brokerPort = TestHubs.freePort();
    hub =
        CampusHub.start(
            TestHubs.properties(
                dataDir,
                brokerPort,
                "sector-admin-password",
                List.of(Map.of("id", "gw-a101", "site", SITE, "password", "secret-a"))));
    base = hub.httpUrl();
    String admin = HubApi.token(base, "admin", "sector-admin-password");
    TestHubs.createUsers(
        base,
        admin,
        PASSWORD,
        new String[] {"hieu.truong", "SCHOOL_ADMIN", SITE},
        new String[] {"co.lan", "TEACHER", SITE},
        new String[] {"ky.thuat", "TECHNICIAN", SITE},
        new String[] {"admin.khac", "SCHOOL_ADMIN", "THPT-X"});
    gateway = TestGateway.connect(brokerPort, SITE, "gw-a101", "secret-a");
    gateway.publishState(
        GatewayState.newBuilder()
            .setOnline(true)
            .setSite(SITE)
            .setGatewayId("gw-a101")
            .setEpoch(1)
            .addRooms(Room.newBuilder().setId("A101").setName("Phòng A101"))
            .addRooms(Room.newBuilder().setId("A102").setName("Phòng A102"))
            .addDevices(
                DeviceInfo.newBuilder().setDeviceId("proj1").setType("pjlink").setRoomId("A101"))
            .build());
    await()
        .atMost(TIMEOUT)
        .until(() -> get(base, "/api/v1/rooms?site=" + SITE, admin).body().contains("A102"));
  }

  @AfterAll
  void stop() throws Exception {
    gateway.close();
    hub.close();
  }

  @Test
  @Order(1)
  void roomRecordsAreImportedByTheSchoolsAdministratorsAndShownBesideReportedRooms()
      throws Exception {
    String rooms =
        "roomId,name,building,kind,capacity\nA101,Lớp 10A1,A,CLASSROOM,40\nLAB1,Phòng thí nghiệm Hoá,B,LAB,24\n";
    assertThat(put("/facilities", rooms, login("co.lan")).statusCode()).isEqualTo(403);
    assertThat(put("/facilities", rooms, login("admin.khac")).statusCode()).isEqualTo(403);

    HttpResponse<String> bad =
        put(
            "/facilities",
            "roomId,name,building,kind,capacity\nA101,,,CLASSROOM,40\nA102,,,KITCHEN,-1\nA101,,,OFFICE,2\n",
            login("hieu.truong"));
    assertThat(bad.statusCode()).isEqualTo(400);
    JsonNode problems = json(bad.body()).get("problems");
    assertThat(problems.size()).isEqualTo(3);
    assertThat(problems.get(0).get("line").getLongValue()).isEqualTo(3);
    assertThat(bad.body()).contains("kind 'KITCHEN'", "capacity -1", "already on line 2");

    HttpResponse<String> imported = put("/facilities", rooms, login("hieu.truong"));
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    JsonNode listed = json(get(base, path("/facilities/rooms"), login("co.lan")).body());
    assertThat(listed.size()).as(listed.toString()).isEqualTo(3);
    assertThat(listed.get(2).get("roomId").getStringValue()).isEqualTo("A102");
    assertThat(listed.get(2).get("record").getStringValue()).isEqualTo("UNRECORDED");

    // The export is the import's format: it imports again unchanged.
    HttpResponse<String> exported = get(base, path("/facilities/rooms.csv"), login("co.lan"));
    assertThat(exported.statusCode()).isEqualTo(200);
    assertThat(exported.body().replace("\r\n", "\n")).isEqualTo(rooms);
    assertThat(put("/facilities", exported.body(), login("hieu.truong")).statusCode())
        .isEqualTo(200);
  }

  @Test
  @Order(2)
  void equipmentImportIsAllOrNothingAndTiedToLiveData() throws Exception {
    String school = login("hieu.truong");
    assertThat(put("/equipment", EQUIPMENT, login("co.lan")).statusCode()).isEqualTo(403);
    assertThat(put("/equipment", EQUIPMENT, login("ky.thuat")).statusCode()).isEqualTo(403);
    assertThat(put("/equipment", EQUIPMENT, login("admin.khac")).statusCode()).isEqualTo(403);
    HttpResponse<String> bad =
        put(
            "/equipment",
            EQUIPMENT + "MC-01,projector,,,Z9,,FAULTY,,,,\nHH-08,balance,,,LAB1,,BROKEN,,,,\n",
            school);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body())
        .contains(
            "\"line\":4",
            "asset 'MC-01' is already on line 2",
            "room 'Z9'",
            "\"line\":5",
            "'BROKEN'");
    assertThat(json(get(base, path("/equipment"), school).body()).size()).isZero();

    HttpResponse<String> imported = put("/equipment", EQUIPMENT, school);
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(json(imported.body()).get("added").getIntValue()).isEqualTo(2);

    gateway.publishBatch(lampHours(1, 1234));
    await().atMost(TIMEOUT).until(() -> gateway.acked(1, 1));
    JsonNode projector =
        json(get(base, path("/equipment?room=A101"), login("co.lan")).body()).get(0);
    assertThat(projector.get("assetCode").getStringValue()).isEqualTo("MC-01");
    assertThat(projector.get("usageHours").getDoubleValue()).isEqualTo(1234.0);
    assertThat(projector.get("lastSeen").getStringValue()).isNotEmpty();
    assertThat(projector.get("maintenanceDue").getStringValue()).isEqualTo("2026-11-28");
  }

  @Test
  @Order(3)
  void aTechnicianChangesTheStatusAndTheChangeIsAudited() throws Exception {
    String asset = path("/equipment/MC-01");
    String change = "{\"status\":\"UNDER_REPAIR\",\"notes\":\"thay bóng đèn\"}";
    assertThat(send(base, "PATCH", asset, login("co.lan"), change).statusCode()).isEqualTo(403);
    assertThat(send(base, "PATCH", asset, login("admin.khac"), change).statusCode()).isEqualTo(403);
    assertThat(
            send(base, "PATCH", asset, login("ky.thuat"), "{\"status\":\"sideways\"}").statusCode())
        .isEqualTo(400);
    assertThat(send(base, "PATCH", path("/equipment/NOPE"), login("ky.thuat"), change).statusCode())
        .isEqualTo(404);

    HttpResponse<String> changed = send(base, "PATCH", asset, login("ky.thuat"), change);
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(json(changed.body()).get("status").getStringValue()).isEqualTo("UNDER_REPAIR");
    assertThat(
            json(get(base, path("/equipment?status=under_repair"), login("co.lan")).body()).size())
        .isEqualTo(1);
    String audit = get(base, "/api/v1/audit", login("hieu.truong")).body();
    assertThat(audit).contains("equipment.status", "equipment:" + SITE + "/MC-01", "ky.thuat");
  }

  @Test
  @Order(4)
  void theExportIsImportedBackUnchanged() throws Exception {
    HttpResponse<String> exported = get(base, path("/equipment.csv"), login("co.lan"));
    assertThat(exported.statusCode()).isEqualTo(200);
    assertThat(exported.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
    assertThat(exported.body()).contains("\"Epson EB-X51, trần\"", "UNDER_REPAIR");

    HttpResponse<String> reimported = put("/equipment", exported.body(), login("hieu.truong"));
    assertThat(reimported.statusCode()).as(reimported.body()).isEqualTo(200);
    JsonNode summary = json(reimported.body());
    assertThat(summary.get("added").getIntValue()).isZero();
    assertThat(summary.get("changed").getIntValue()).isZero();
    assertThat(summary.get("removed").getIntValue()).isZero();
    assertThat(get(base, path("/equipment.csv"), login("co.lan")).body())
        .isEqualTo(exported.body());
    assertThat(
            json(get(base, path("/equipment?room=A101"), login("co.lan")).body())
                .get(0)
                .get("notes")
                .getStringValue())
        .isEqualTo("thay bóng đèn");
  }

  private Batch lampHours(long seq, long hours) {
    return Batch.newBuilder()
        .setSite(SITE)
        .setGatewayId("gw-a101")
        .setEpoch(1)
        .addRecords(
            Record.newBuilder()
                .setSeq(seq)
                .setClock(
                    ClockState.newBuilder().setSynced(true).setBootId("b").setMonotonicMs(seq))
                .setReading(
                    Reading.newBuilder()
                        .setDeviceId("proj1")
                        .setMetric("lamp_hours")
                        .setSourceTimeMs(Instant.now().toEpochMilli())
                        .setIntValue(hours)
                        .setUnit("h")
                        .setQuality(Quality.QUALITY_GOOD)))
        .build();
  }

  private static String path(String rest) {
    return "/api/v1/sites/" + SITE + rest;
  }

  private String login(String username) throws Exception {
    return HubApi.token(base, username, PASSWORD);
  }

  private HttpResponse<String> put(String rest, String csv, String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path(rest)))
            .header("Content-Type", "text/csv")
            .header("Authorization", "Bearer " + token)
            .PUT(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
