package io.campusedge.hub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A Server-Sent Events stream read line by line in the background by the JDK's client. */
final class EventStream implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> response;

  private EventStream(URI uri, String token) {
    HttpClient client = HttpClient.newHttpClient();
    response =
        client.sendAsync(
            HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    response.thenAcceptAsync(
        answer -> {
          lines.add("status " + answer.statusCode());
          try (Stream<String> body = answer.body()) {
            body.forEach(lines::add);
          } catch (RuntimeException closed) {
            // closed by close()
          }
        });
  }

  static EventStream open(URI uri, String token) {
    return new EventStream(uri, token);
  }

  boolean sawLine(String part) {
    return lines.stream().anyMatch(line -> line.contains(part));
  }

  String lineContaining(String part) {
    return lines.stream().filter(line -> line.contains(part)).findFirst().orElseThrow();
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    response.thenAccept(answer -> answer.body().close());
  }
}
