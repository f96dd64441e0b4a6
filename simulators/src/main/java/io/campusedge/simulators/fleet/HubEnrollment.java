package io.campusedge.simulators.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Gets per-gateway credentials the way a school does: an administrator logs in and creates a
 * one-time enrollment token per room ({@code POST /api/v1/enrollments}), and each gateway exchanges
 * its token for its id and MQTT password ({@code POST /api/v1/enroll}).
 */
public final class HubEnrollment {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI hub;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String bearer;

  private HubEnrollment(URI hub, String bearer) {
    this.hub = hub;
    this.bearer = bearer;
  }

  /** The API bearer token of the logged-in administrator (for the bench's event stream). */
  public String bearer() {
    return bearer;
  }

  /** Logs in as an administrator allowed to enroll gateways at the fleet's school. */
  public static HubEnrollment login(URI hub, String username, String password)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    String body =
        JSON.createObjectNode().put("username", username).put("password", password).toString();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(hub.resolve("/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("login as " + username + " answered " + response.statusCode());
    }
    return new HubEnrollment(hub, JSON.readTree(response.body()).get("access_token").asText());
  }

  /** Enrolls one gateway for {@code room} at {@code site} with the given id. */
  public GatewayCredentials enroll(String site, String room, String gatewayId)
      throws IOException, InterruptedException {
    JsonNode issued =
        post(
            "/api/v1/enrollments",
            JSON.createObjectNode()
                .put("site", site)
                .put("room", room)
                .put("gatewayId", gatewayId)
                .put("expiresIn", "1h")
                .toString(),
            true);
    JsonNode enrolled =
        post(
            "/api/v1/enroll",
            JSON.createObjectNode().put("token", issued.get("token").asText()).toString(),
            false);
    return new GatewayCredentials(
        enrolled.get("site").asText(),
        enrolled.get("gatewayId").asText(),
        enrolled.get("mqtt").get("password").asText());
  }

  /** Enrolls {@code count} gateways {@code prefix-0001…}, one room each, a few at a time. */
  public List<GatewayCredentials> enrollMany(String site, String prefix, int count, int parallel)
      throws IOException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<GatewayCredentials>> pending = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        String suffix = String.format("%04d", i);
        pending.add(pool.submit(() -> enroll(site, "R" + suffix, prefix + "-" + suffix)));
      }
      List<GatewayCredentials> enrolled = new ArrayList<>();
      for (Future<GatewayCredentials> future : pending) {
        enrolled.add(future.get());
      }
      return enrolled;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("enrollment failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private JsonNode post(String path, String body, boolean authenticated)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(hub.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authenticated) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      // The answer to a refused request holds no secret, only the reason.
      throw new IOException(
          "POST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
