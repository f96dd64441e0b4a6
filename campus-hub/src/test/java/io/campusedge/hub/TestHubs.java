package io.campusedge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.api.HubProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The properties most hub ITs start with: a data folder, loopback broker, cheap hashing. */
final class TestHubs {
  private TestHubs() {}

  /**
   * Creates hub users through the API as {@code adminToken}; each user is {@code {username, role,
   * site}}, all with {@code password}.
   */
  static void createUsers(URI base, String adminToken, String password, String[]... users)
      throws Exception {
    for (String[] user : users) {
      HttpResponse<String> created =
          HubApi.send(
              base,
              "POST",
              "/api/v1/users",
              adminToken,
              "{\"username\":\"%s\",\"password\":\"%s\",\"role\":\"%s\",\"sites\":[\"%s\"]}"
                  .formatted(user[0], password, user[1], user[2]));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
  }

  /** A TCP port free right now, for the embedded broker. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * A hub on a random HTTP port and {@code brokerPort}, the sector admin with {@code
   * adminPassword}, and {@code gateways} as {@code {id, site, password}} bootstrap gateways; add to
   * the returned map what a test needs beyond that.
   */
  static Map<String, Object> properties(
      Path dataDir, int brokerPort, String adminPassword, List<Map<String, String>> gateways) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(HubProperties.DATA_DIR, dataDir.toString());
    properties.put(HubProperties.HTTP_PORT, -1);
    properties.put(HubProperties.BROKER_PORT, brokerPort);
    properties.put(HubProperties.BROKER_BIND_ADDRESS, "127.0.0.1");
    properties.put(HubProperties.PASSWORD_HASH_ITERATIONS, 10_000);
    properties.put(HubProperties.ADMIN_PASSWORD, adminPassword);
    properties.put(HubProperties.BOOTSTRAP_GATEWAYS, gateways);
    return properties;
  }
}
