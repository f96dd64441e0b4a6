package io.campusedge.hub.internal.export;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * The sector database's feed endpoint: takes a batch, answers per record (ACCEPTED, or REJECTED
 * with a reason for a learner id in {@code unknownLearners} or an entity it refuses), keeps each
 * record once by its id and counts repeats; can answer without a record to test that the hub tries
 * it again.
 */
final class FakeSectorDatabase extends FakeReceiver {
  private final boolean oauth;
  private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
  private final List<Map<String, Object>> batches = new ArrayList<>();
  private final Set<String> unknownLearners = ConcurrentHashMap.newKeySet();
  private final Set<String> forget = ConcurrentHashMap.newKeySet();
  private final Map<String, String> refusedEntities = new ConcurrentHashMap<>();
  private int repeats;

  FakeSectorDatabase(Clock clock, boolean oauth) throws IOException {
    super(clock);
    this.oauth = oauth;
  }

  /** Over HTTPS with mutual TLS, without OAuth2. */
  FakeSectorDatabase(Clock clock, SSLContext tls) throws IOException {
    super(clock, tls);
    this.oauth = false;
  }

  String feedUrl() {
    return base() + "/csdl/v1/batches";
  }

  void unknownLearner(String learnerId) {
    unknownLearners.add(learnerId);
  }

  /** Every record about this entity is REJECTED with this reason. */
  void refuseEntity(String entityKey, String reason) {
    refusedEntities.put(entityKey, reason);
  }

  /** The next answer leaves this record out. */
  void forgetOnce(String recordId) {
    forget.add(recordId);
  }

  @Override
  protected boolean oauth() {
    return oauth;
  }

  @Override
  @SuppressWarnings("unchecked")
  protected synchronized Answer handle(HttpExchange exchange, byte[] body) throws IOException {
    if (!exchange.getRequestURI().getPath().equals("/csdl/v1/batches")
        || !"POST".equals(exchange.getRequestMethod())) {
      return new Answer(404, "{}");
    }
    Map<String, Object> batch = json.readValue(body, Map.class);
    batches.add(batch);
    List<Map<String, Object>> results = new ArrayList<>();
    for (Object item : (List<Object>) batch.get("records")) {
      Map<String, Object> record = (Map<String, Object>) item;
      String id = String.valueOf(record.get("recordId"));
      if (forget.remove(id)) {
        continue;
      }
      String refused = refusedEntities.get(String.valueOf(record.get("entityKey")));
      if (refused != null) {
        results.add(Map.of("recordId", id, "status", "REJECTED", "reason", refused));
        continue;
      }
      Object learner = record.get("learnerId");
      if (learner != null && unknownLearners.contains(learner.toString())) {
        results.add(
            Map.of(
                "recordId",
                id,
                "status",
                "REJECTED",
                "reason",
                "mã định danh " + learner + " không tồn tại"));
        continue;
      }
      if (records.putIfAbsent(id, record) != null) {
        repeats++;
      }
      results.add(Map.of("recordId", id, "status", "ACCEPTED"));
    }
    return new Answer(200, json.writeValueAsString(Map.of("results", results)));
  }

  synchronized List<Map<String, Object>> records() {
    return List.copyOf(records.values());
  }

  synchronized List<Map<String, Object>> batches() {
    return List.copyOf(batches);
  }

  synchronized int repeats() {
    return repeats;
  }
}
