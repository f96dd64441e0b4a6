package io.campusedge.hub.internal.export;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An Ed-Fi ODS/API stand-in: POST upserts a resource by its natural key (200 updated, 201 created),
 * GET by example finds resources, DELETE by id removes one; a student unique id in {@code
 * unknownStudents} gets 400 as the ODS/API answers an unresolved reference.
 */
final class FakeEdFiOds extends FakeReceiver {
  static final String DATA = "/data/v3";

  /** A stored resource: its id, resource name, natural key and body. */
  record Resource(String id, String resource, String key, Map<String, Object> body) {}

  private final Map<String, Resource> byKey = new LinkedHashMap<>();
  private final List<String> arrivals = new ArrayList<>();
  private final Set<String> unknownStudents = ConcurrentHashMap.newKeySet();
  private int posts;
  private final List<String> log = new ArrayList<>();

  synchronized List<String> log() {
    return List.copyOf(log);
  }

  FakeEdFiOds(Clock clock) throws IOException {
    super(clock);
  }

  String dataUrl() {
    return base() + DATA;
  }

  void unknownStudent(String studentUniqueId) {
    unknownStudents.add(studentUniqueId);
  }

  @Override
  protected synchronized Answer handle(HttpExchange exchange, byte[] body) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!path.startsWith(DATA + "/ed-fi/")) {
      return new Answer(404, "{}");
    }
    String rest = path.substring((DATA + "/ed-fi/").length());
    String[] parts = rest.split("/");
    String resource = parts[0];
    log.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
    switch (exchange.getRequestMethod()) {
      case "POST" -> {
        posts++;
        @SuppressWarnings("unchecked")
        Map<String, Object> document = json.readValue(body, Map.class);
        String student = String.valueOf(flatten(document).get("studentUniqueId"));
        if (unknownStudents.contains(student)) {
          return new Answer(
              400,
              "{\"message\":\"Validation failed: studentReference " + student + " unresolved\"}");
        }
        String key = resource + "|" + naturalKey(document);
        arrivals.add(
            resource
                + "|"
                + student
                + "|"
                + document.get("eventDate")
                + "|"
                + document.get("attendanceEventCategoryDescriptor"));
        Resource existing = byKey.get(key);
        String id =
            existing == null ? UUID.randomUUID().toString().replace("-", "") : existing.id();
        byKey.put(key, new Resource(id, resource, key, document));
        return new Answer(existing == null ? 201 : 200, "");
      }
      case "GET" -> {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        List<Map<String, Object>> found = new ArrayList<>();
        for (Resource r : byKey.values()) {
          Map<String, String> flat = flatten(r.body());
          if (r.resource().equals(resource)
              && query.entrySet().stream()
                  .allMatch(e -> e.getValue().equals(flat.get(e.getKey())))) {
            Map<String, Object> item = new LinkedHashMap<>(r.body());
            item.put("id", r.id());
            found.add(item);
          }
        }
        return new Answer(200, json.writeValueAsString(found));
      }
      case "DELETE" -> {
        boolean removed = byKey.values().removeIf(r -> parts.length > 1 && r.id().equals(parts[1]));
        return new Answer(removed ? 204 : 404, "");
      }
      default -> {
        return new Answer(405, "");
      }
    }
  }

  // The natural key: every scalar field and reference, flattened (the test documents hold
  // nothing else).
  private static String naturalKey(Map<String, Object> document) {
    return new java.util.TreeMap<>(flatten(document)).toString();
  }

  static Map<String, String> flatten(Map<String, Object> document) {
    Map<String, String> flat = new LinkedHashMap<>();
    document.forEach(
        (name, value) -> {
          if (value instanceof Map<?, ?> reference) {
            reference.forEach((k, v) -> flat.put(String.valueOf(k), String.valueOf(v)));
          } else {
            flat.put(name, String.valueOf(value));
          }
        });
    return flat;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      query.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return query;
  }

  synchronized List<Resource> resources(String resource) {
    return byKey.values().stream().filter(r -> r.resource().equals(resource)).toList();
  }

  /** Upserts as they arrived: resource|student|date|category. */
  synchronized List<String> arrivals() {
    return List.copyOf(arrivals);
  }

  synchronized int posts() {
    return posts;
  }
}
