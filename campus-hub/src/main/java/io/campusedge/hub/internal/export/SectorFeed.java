package io.campusedge.hub.internal.export;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The sector database feed: records keyed by school code and national learner id, POSTed in batches
 * (docs/sector-feed/batch.schema.json); the receiver answers per record, ACCEPTED or REJECTED with
 * a reason (docs/sector-feed/answer.schema.json). A record the answer leaves out is tried again;
 * the record id is the event's idempotency key, so the receiver drops repeats.
 */
final class SectorFeed {
  static final String SCHEMA_VERSION = "1.0";
  static final String CONTENT_TYPE = "application/json";

  private final OAuthClientCredentials oauth;
  private final JsonMapper json;
  private final Backoff backoff;
  private final Clock clock;
  private final Duration timeout;

  /** One delivery of a batch. */
  record Item(long deliveryId, ExportEvent event) {}

  SectorFeed(
      OAuthClientCredentials oauth,
      JsonMapper json,
      Backoff backoff,
      Clock clock,
      Duration timeout) {
    this.oauth = oauth;
    this.json = json;
    this.backoff = backoff;
    this.clock = clock;
    this.timeout = timeout;
  }

  /** The outcome of each item, by delivery id. */
  Map<Long, Outcome> send(Destination destination, List<Item> items) {
    Map<Long, Outcome> outcomes = new HashMap<>();
    Outcome whole;
    try {
      byte[] body = json.writeValueAsBytes(batch(items));
      HttpResponse<String> response =
          oauth.send(
              destination,
              token -> {
                HttpRequest.Builder request =
                    HttpRequest.newBuilder(destination.url())
                        .timeout(timeout)
                        .header("Content-Type", CONTENT_TYPE)
                        .header("Accept", "application/json")
                        .header("User-Agent", "CampusEdge-Hub")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (token != null) {
                  request.header("Authorization", "Bearer " + token);
                }
                return request.build();
              });
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return answers(status, response.body(), items);
      }
      Optional<Duration> asked =
          status == 429 || status == 503
              ? backoff.retryAfter(
                  response.headers().firstValue("Retry-After").orElse(null), clock.instant())
              : Optional.empty();
      whole = new Outcome.Failed(Optional.of(status), "HTTP " + status, asked);
    } catch (OAuthClientCredentials.TokenRefused e) {
      whole = e.outcome();
    } catch (HttpTimeoutException e) {
      whole = Outcome.Failed.of("no answer within a timeout");
    } catch (IOException e) {
      whole = Outcome.Failed.of(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      whole = Outcome.Failed.of("interrupted");
    }
    for (Item item : items) {
      outcomes.put(item.deliveryId(), whole);
    }
    return outcomes;
  }

  Map<String, Object> batch(List<Item> items) {
    Map<String, Object> batch = new LinkedHashMap<>();
    batch.put("schemaVersion", SCHEMA_VERSION);
    batch.put("batchId", UUID.randomUUID().toString());
    batch.put("sentAt", clock.instant().toString());
    batch.put("records", items.stream().map(i -> record(i.event())).toList());
    return batch;
  }

  /** One record: keys first, then what happened; {@code data} as the hub exported it. */
  static Map<String, Object> record(ExportEvent event) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("recordId", event.id());
    record.put("recordType", event.type().filterName());
    record.put("schoolCode", event.site());
    event.text("learnerId").ifPresent(id -> record.put("learnerId", id));
    record.put("entityKey", event.entityKey());
    record.put("occurredAt", event.occurredAt().toString());
    Map<String, Object> data = new TreeMap<>(event.data());
    data.remove("learnerId");
    data.remove("site");
    record.put("data", data);
    return record;
  }

  private Map<Long, Outcome> answers(int status, String body, List<Item> items) throws IOException {
    Map<String, Outcome> byRecord = new HashMap<>();
    Map<?, ?> answer = json.readValue(body, Map.class);
    if (answer.get("results") instanceof List<?> results) {
      for (Object result : results) {
        if (result instanceof Map<?, ?> one && one.get("recordId") != null) {
          String verdict = String.valueOf(one.get("status"));
          Object reason = one.get("reason");
          if (Outcome.ACCEPTED.equals(verdict)) {
            byRecord.put(String.valueOf(one.get("recordId")), Outcome.Delivered.accepted(status));
          } else if (Outcome.REJECTED.equals(verdict)) {
            byRecord.put(
                String.valueOf(one.get("recordId")),
                Outcome.Delivered.rejected(
                    Optional.of(status), reason == null ? "no reason given" : reason.toString()));
          }
        }
      }
    }
    Map<Long, Outcome> outcomes = new HashMap<>();
    for (Item item : items) {
      outcomes.put(
          item.deliveryId(),
          byRecord.getOrDefault(
              item.event().id(),
              new Outcome.Failed(
                  Optional.of(status),
                  "the receiver's answer has no result for this record",
                  Optional.empty())));
    }
    return outcomes;
  }
}
