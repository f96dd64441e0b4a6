package io.campusedge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The hub's REST API as a client sees it: log in, then send requests with the bearer token. */
final class HubApi {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private HubApi() {}

  /** POST /login; returns the HTTP answer as is. */
  static HttpResponse<String> login(URI base, String username, String password)
      throws IOException, InterruptedException {
    String body = "{\"username\":" + quote(username) + ",\"password\":" + quote(password) + "}";
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve("/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The access token of a login that must succeed. */
  static String token(URI base, String username, String password) throws Exception {
    HttpResponse<String> response = login(base, username, password);
    assertThat(response.statusCode())
        .as("login of " + username + ": " + response.body())
        .isEqualTo(200);
    return json(response.body()).get("access_token").getStringValue();
  }

  static HttpResponse<String> send(
      URI base, String method, String path, String token, String jsonBody)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (jsonBody == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A request with a body of another type than JSON (a roster zip, a timetable CSV). */
  static HttpResponse<String> sendBytes(
      URI base, String method, String path, String contentType, byte[] body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(URI base, String path, String token)
      throws IOException, InterruptedException {
    return send(base, "GET", path, token, null);
  }

  static JsonNode json(String body) throws IOException {
    return JSON.readValue(body.getBytes(StandardCharsets.UTF_8), JsonNode.class);
  }

  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
