package io.campusedge.hub.internal.export;

import io.campusedge.hub.internal.store.Sql;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The durable export outbox: an event row and one PENDING delivery per matching, enabled webhook
 * subscription, written in the caller's transaction, so an event exists exactly when the change it
 * describes is committed. The event's CloudEvent id is its idempotency key, the same on every try
 * and replay.
 */
@Singleton
public class ExportOutbox {
  private final JsonMapper json;

  public ExportOutbox(JsonMapper json) {
    this.json = json;
  }

  /** Records one event in the caller's transaction; returns its CloudEvent id. */
  public String enqueue(
      Connection connection,
      ExportEventType type,
      String site,
      String entityKey,
      Map<String, Object> data,
      Instant at)
      throws SQLException {
    String cloudEventId = UUID.randomUUID().toString();
    long eventId = insertEvent(connection, cloudEventId, type, site, entityKey, data, at);
    for (WebhookSubscription subscription : WebhookSubscriptions.enabled(connection, site)) {
      if (subscription.wants(type, site)) {
        addDelivery(connection, eventId, subscription.id(), entityKey, at);
      }
    }
    return cloudEventId;
  }

  /**
   * Records an event for one destination only (e.g. a snapshot it asked for), in the caller's
   * transaction; empty, and nothing recorded, when the destination does not take it.
   */
  public Optional<String> enqueueFor(
      Connection connection,
      WebhookSubscription destination,
      ExportEventType type,
      String site,
      String entityKey,
      Map<String, Object> data,
      Instant at)
      throws SQLException {
    if (!destination.wants(type, site)) {
      return Optional.empty();
    }
    String cloudEventId = UUID.randomUUID().toString();
    long eventId = insertEvent(connection, cloudEventId, type, site, entityKey, data, at);
    addDelivery(connection, eventId, destination.id(), entityKey, at);
    return Optional.of(cloudEventId);
  }

  private long insertEvent(
      Connection connection,
      String cloudEventId,
      ExportEventType type,
      String site,
      String entityKey,
      Map<String, Object> data,
      Instant at)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO export_event (cloud_event_id, event_type, site, entity_key, occurred_at,"
                + " data) VALUES (?,?,?,?,?,?)",
            Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, cloudEventId);
      insert.setString(2, type.name());
      insert.setString(3, site);
      insert.setString(4, entityKey);
      insert.setObject(5, Sql.utc(at));
      insert.setString(6, toJson(data));
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /**
   * New deliveries to the subscription of its events since {@code since} (in event order), with
   * their original CloudEvent ids so receivers drop what they already have; returns how many.
   */
  static int replay(
      Connection connection, WebhookSubscription subscription, Instant since, Instant now)
      throws SQLException {
    List<long[]> events = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT event_id, event_type, site, entity_key FROM export_event"
                + " WHERE occurred_at >= ? ORDER BY event_id")) {
      select.setObject(1, Sql.utc(since));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ExportEventType type = ExportEventType.valueOf(rows.getString(2));
          if (subscription.site().map(rows.getString(3)::equals).orElse(true)
              && subscription.eventTypes().contains(type)) {
            events.add(new long[] {rows.getLong(1)});
            keys.add(rows.getString(4));
          }
        }
      }
    }
    for (int i = 0; i < events.size(); i++) {
      addDelivery(connection, events.get(i)[0], subscription.id(), keys.get(i), now);
    }
    return events.size();
  }

  private static void addDelivery(
      Connection connection, long eventId, String subscriptionId, String entityKey, Instant at)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO export_delivery (event_id, subscription_id, entity_key, state, attempts,"
                + " next_attempt_at, created_at) VALUES (?,?,?,'PENDING',0,?,?)")) {
      insert.setLong(1, eventId);
      insert.setString(2, subscriptionId);
      insert.setString(3, entityKey);
      insert.setObject(4, Sql.utc(at));
      insert.setObject(5, Sql.utc(at));
      insert.executeUpdate();
    }
  }

  private String toJson(Map<String, Object> data) {
    try {
      return json.writeValueAsString(new TreeMap<>(data));
    } catch (IOException e) {
      throw new IllegalArgumentException("export data cannot be written as JSON: " + e, e);
    }
  }
}
