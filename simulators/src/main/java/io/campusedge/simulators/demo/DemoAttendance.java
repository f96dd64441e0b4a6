package io.campusedge.simulators.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets up attendance in the demo the way a school administrator does, through the hub's API: log
 * in, import the OneRoster roster, wait until the gateways have reported their rooms, import the
 * timetable, register the pupils' cards from the supplier's UID list. From then on the virtual
 * pupils' taps at the classroom doors become attendance marks.
 */
final class DemoAttendance {
  private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
  private static final Duration ROOMS_TIMEOUT = Duration.ofSeconds(60);

  private final URI hub;
  private final String site;
  private final HttpClient http = HttpClient.newHttpClient();

  DemoAttendance(URI hub, String site) {
    this.hub = hub;
    this.site = site;
  }

  /** Returns a one-line summary; throws with the hub's answer when a step is refused. */
  String setUp(String username, String password, DemoRoster roster, Iterable<String> roomIds)
      throws IOException, InterruptedException {
    return setUp(username, password, roster, roomIds, () -> {});
  }

  /**
   * {@code beforeTimetable} runs once the cards are registered, just before the timetable goes in
   * (the demo starts its virtual clock there and the roster's timetable follows it).
   */
  String setUp(
      String username,
      String password,
      DemoRoster roster,
      Iterable<String> roomIds,
      Runnable beforeTimetable)
      throws IOException, InterruptedException {
    String token = login(username, password);
    String rosterAnswer = importRoster(token, roster);
    waitForRooms(token, roomIds);
    String cards = registerCards(token, roster);
    beforeTimetable.run();
    importTimetable(token, roster.timetableCsv());
    return "roster "
        + rosterAnswer.replaceAll("\\s+", "")
        + ", cards "
        + cards.replaceAll("\\s+", "");
  }

  String importRoster(String token, DemoRoster roster) throws IOException, InterruptedException {
    return send(token, "POST", "/roster", "application/zip", roster.oneRosterZip());
  }

  String importTimetable(String token, String csv) throws IOException, InterruptedException {
    return send(token, "PUT", "/timetable", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
  }

  String registerCards(String token, DemoRoster roster) throws IOException, InterruptedException {
    return send(
        token, "POST", "/cards", "text/csv", roster.cardsCsv().getBytes(StandardCharsets.UTF_8));
  }

  /** GET on the API: {@code /api/...} as is, else under the site; the body, or an exception. */
  String get(String token, String path) throws IOException, InterruptedException {
    String full = path.startsWith("/api/") ? path : "/api/v1/sites/" + site + path;
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(hub.resolve(full))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + full + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  String login(String username, String password) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(hub.resolve("/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher token = TOKEN.matcher(response.body());
    if (response.statusCode() != 200 || !token.find()) {
      throw new IOException("login as " + username + " answered " + response.statusCode());
    }
    return token.group(1);
  }

  void waitForRooms(String token, Iterable<String> roomIds)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(ROOMS_TIMEOUT);
    while (true) {
      HttpResponse<String> rooms =
          http.send(
              HttpRequest.newBuilder(hub.resolve("/api/v1/rooms?site=" + site))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      boolean all = rooms.statusCode() == 200;
      for (String room : roomIds) {
        all &= rooms.body().contains("\"id\":\"" + room + "\"");
      }
      if (all) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IOException("the gateways did not report their rooms within " + ROOMS_TIMEOUT);
      }
      Thread.sleep(500);
    }
  }

  private String send(String token, String method, String path, String type, byte[] body)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(hub.resolve("/api/v1/sites/" + site + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", type)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
