package io.campusedge.hub;

import static io.campusedge.hub.HubApi.get;
import static io.campusedge.hub.HubApi.json;
import static io.campusedge.hub.HubApi.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.internal.attendance.SchoolFixture;
import io.campusedge.hub.internal.export.WebhookSignature;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Room;
import io.micronaut.json.tree.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card tap at a real hub reaches a school-management platform's webhook as a signed CloudEvent
 * within two seconds; the subscription's status, replay (same id again) and audit go through the
 * API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String SITE = SchoolFixture.SITE;
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** What the receiver got: body, idempotency key, whether the signature held. */
  record Delivery(String body, String key, boolean signed) {}

  @TempDir static Path dataDir;
  private RunningHub hub;
  private URI base;
  private String admin;
  private TestGateway gateway;
  private HttpServer receiver;
  private volatile String secret = "";
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private long seq;

  @BeforeAll
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/smas/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          boolean signed =
              WebhookSignature.verify(
                  secret,
                  exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                  body,
                  Instant.now(),
                  WebhookSignature.DEFAULT_TOLERANCE);
          deliveries.add(
              new Delivery(
                  new String(body, StandardCharsets.UTF_8),
                  exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                  signed));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    int brokerPort = TestHubs.freePort();
    Map<String, Object> properties =
        TestHubs.properties(
            dataDir,
            brokerPort,
            "sector-admin-password",
            List.of(Map.of("id", "gw-a101", "site", SITE, "password", "secret-a")));
    properties.put("campusedge.export.allow-plain-http", true);
    properties.put("campusedge.export.poll-interval", "200ms");
    hub = CampusHub.start(properties);
    base = hub.httpUrl();
    admin = HubApi.token(base, "admin", "sector-admin-password");
    gateway = TestGateway.connect(brokerPort, SITE, "gw-a101", "secret-a");
    gateway.publishState(
        GatewayState.newBuilder()
            .setOnline(true)
            .setSite(SITE)
            .setGatewayId("gw-a101")
            .setEpoch(1)
            .addRooms(Room.newBuilder().setId("A101").setName("Phòng A101"))
            .addDevices(
                DeviceInfo.newBuilder()
                    .setDeviceId("a101-door")
                    .setType("mfrc522")
                    .setRoomId("A101"))
            .build());
    await()
        .atMost(TIMEOUT)
        .until(() -> get(base, "/api/v1/rooms?site=" + SITE, admin).body().contains("A101"));
    setUpSchool();
  }

  @AfterAll
  void stop() throws Exception {
    gateway.close();
    hub.close();
    receiver.stop(0);
  }

  @Test
  void aCardTapReachesTheWebhookSignedWithinTwoSeconds() throws Exception {
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/smas/hook";
    HttpResponse<String> created =
        send(
            base,
            "POST",
            "/api/v1/webhooks",
            admin,
            "{\"site\":\"%s\",\"url\":\"%s\",\"eventTypes\":[\"attendance.marked\"]}"
                .formatted(SITE, url));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode subscription = json(created.body());
    String id = subscription.get("id").getStringValue();
    secret = subscription.get("secret").getStringValue();
    assertThat(secret).startsWith("whsec_");
    assertThat(get(base, "/api/v1/webhooks", admin).body()).contains(id).doesNotContain(secret);

    long tapped = System.nanoTime();
    tap("card-of-s1");
    await().atMost(Duration.ofSeconds(2)).until(() -> !deliveries.isEmpty());
    assertThat(Duration.ofNanos(System.nanoTime() - tapped)).isLessThan(Duration.ofSeconds(2));
    Delivery delivery = deliveries.get(0);
    assertThat(delivery.signed()).isTrue();
    JsonNode event = json(delivery.body());
    assertThat(event.get("specversion").getStringValue()).isEqualTo("1.0");
    assertThat(event.get("id").getStringValue()).isEqualTo(delivery.key());
    assertThat(event.get("type").getStringValue()).isEqualTo("io.campusedge.attendance.marked");
    assertThat(event.get("subject").getStringValue())
        .isEqualTo("student-day:s1/" + LocalDate.now(ZONE));
    assertThat(event.get("data").get("status").getStringValue()).isEqualTo("PRESENT");
    assertThat(event.get("data").get("learnerId").getStringValue()).isEqualTo("001209000001");
    assertThat(delivery.body()).doesNotContain("An", "Nguyễn");

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                json(get(base, "/api/v1/webhooks/" + id + "/status", admin).body())
                        .get("sent")
                        .getLongValue()
                    == 1);
    HttpResponse<String> replayed =
        send(
            base,
            "POST",
            "/api/v1/webhooks/" + id + "/replay",
            admin,
            "{\"since\":\"" + Instant.now().minusSeconds(3600) + "\"}");
    assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
    assertThat(json(replayed.body()).get("queued").getIntValue()).isEqualTo(1);
    await().atMost(TIMEOUT).until(() -> deliveries.size() == 2);
    assertThat(deliveries.get(1).key()).isEqualTo(delivery.key());
    assertThat(get(base, "/api/v1/audit", admin).body())
        .contains("webhook.create", "webhook.replay")
        .doesNotContain(secret);
    assertThat(send(base, "DELETE", "/api/v1/webhooks/" + id, admin, null).statusCode())
        .isEqualTo(200);
  }

  private void setUpSchool() throws Exception {
    HttpResponse<String> roster =
        upload("POST", "/roster", "application/zip", SchoolFixture.zip(SchoolFixture.files()));
    assertThat(roster.statusCode()).as(roster.body()).isEqualTo(200);
    LocalTime now = LocalTime.now(ZONE).truncatedTo(ChronoUnit.MINUTES);
    LocalTime start = now.isBefore(LocalTime.of(0, 1)) ? LocalTime.MIDNIGHT : now.minusMinutes(1);
    LocalTime end = now.isAfter(LocalTime.of(23, 0)) ? LocalTime.of(23, 59) : now.plusMinutes(50);
    String csv =
        "classSourcedId,room,weekday,startTime,endTime,entryId\n10A1,A101,%d,%s,%s,now-10A1\n"
            .formatted(LocalDate.now(ZONE).getDayOfWeek().getValue(), start, end);
    HttpResponse<String> timetable = upload("PUT", "/timetable", "text/csv", csv.getBytes());
    assertThat(timetable.statusCode()).as(timetable.body()).isEqualTo(200);
    HttpResponse<String> enrolment =
        send(
            base,
            "POST",
            "/api/v1/sites/" + SITE + "/card-enrolments",
            admin,
            "{\"readerId\":\"a101-door\",\"userId\":\"s1\"}");
    assertThat(enrolment.statusCode()).as(enrolment.body()).isEqualTo(201);
    String enrolmentId = json(enrolment.body()).get("id").getStringValue();
    tap("card-of-s1");
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                get(base, "/api/v1/sites/" + SITE + "/card-enrolments/" + enrolmentId, admin)
                    .body()
                    .contains("REGISTERED"));
  }

  private void tap(String card) throws Exception {
    gateway.tapCard("a101-door", card, ++seq, TIMEOUT);
  }

  private HttpResponse<String> upload(String method, String path, String type, byte[] body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/v1/sites/" + SITE + path))
            .header("Content-Type", type)
            .header("Authorization", "Bearer " + admin)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
