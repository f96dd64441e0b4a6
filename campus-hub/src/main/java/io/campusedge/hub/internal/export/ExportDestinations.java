package io.campusedge.hub.internal.export;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.MasterKey;
import io.campusedge.hub.internal.store.Sql;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Export destinations of every kind on the one outbox: Ed-Fi ODS/API connectors and sector database
 * feeds beside webhooks (whose management stays in {@link WebhookSubscriptions}, which also lists,
 * disables and replays these). The OAuth2 client secret an administrator gives is sealed under the
 * {@link MasterKey} like a webhook secret and never shown or logged again.
 */
@Singleton
public class ExportDestinations {
  private final DataSource dataSource;
  private final MasterKey master;
  private final AuditLog audit;
  private final WebhookSubscriptions subscriptions;
  private final JsonMapper json;
  private final Clock clock;

  /** What an administrator asks for; {@code eventTypes} empty: all the kind can express. */
  public record Request(
      DestinationKind kind,
      Optional<String> site,
      String url,
      List<String> eventTypes,
      Optional<String> description,
      DestinationSettings settings,
      Optional<String> clientSecret) {
    @Override
    public String toString() {
      return "Request[" + kind + ", " + site + ", " + url + ", clientSecret=***]";
    }
  }

  /**
   * Deliveries by state: {@code failing} pending after at least one failed try; {@code accepted}
   * and {@code rejected} the receiver's answers among the sent; {@code lagSeconds} the age of the
   * oldest pending one.
   */
  public record Status(
      long pending,
      long failing,
      long sent,
      long accepted,
      long rejected,
      long dead,
      long lagSeconds) {}

  @Inject
  public ExportDestinations(
      DataSource dataSource,
      MasterKey master,
      AuditLog audit,
      WebhookSubscriptions subscriptions,
      JsonMapper json) {
    this(dataSource, master, audit, subscriptions, json, Clock.systemUTC());
  }

  ExportDestinations(
      DataSource dataSource,
      MasterKey master,
      AuditLog audit,
      WebhookSubscriptions subscriptions,
      JsonMapper json,
      Clock clock) {
    this.dataSource = dataSource;
    this.master = master;
    this.audit = audit;
    this.subscriptions = subscriptions;
    this.json = json;
    this.clock = clock;
  }

  /** An Ed-Fi or sector feed destination; webhooks are made by {@link WebhookSubscriptions}. */
  public WebhookSubscription create(Caller caller, Request request) {
    caller.require(caller.role().isAdmin(), "manage export destinations");
    if (request.kind() == DestinationKind.WEBHOOK) {
      throw RejectedException.invalid("create webhooks with POST /api/v1/webhooks");
    }
    if (request.site().isPresent()) {
      caller.requireSite(request.site().get());
    } else {
      caller.require(caller.allSites(), "send every school's events (name a site)");
    }
    String url = subscriptions.checkUrl(request.url());
    Set<ExportEventType> types =
        request.eventTypes() == null || request.eventTypes().isEmpty()
            ? request.kind().supported()
            : WebhookSubscriptions.types(request.eventTypes());
    if (!request.kind().supported().containsAll(types)) {
      throw RejectedException.invalid(
          request.kind() + " destinations take only " + names(request.kind().supported()));
    }
    DestinationSettings settings = checkSettings(request);
    request
        .description()
        .filter(d -> d.length() > 256)
        .ifPresent(
            d -> {
              throw RejectedException.invalid("the description is longer than 256 characters");
            });
    String prefix = request.kind() == DestinationKind.EDFI ? "edfi-" : "feed-";
    String id = prefix + UUID.randomUUID().toString().substring(0, 8);
    MasterKey.Sealed sealed =
        master.seal(
            request.clientSecret().orElse("").getBytes(StandardCharsets.UTF_8),
            WebhookSubscriptions.aad(id));
    Instant now = clock.instant();
    String settingsJson;
    try {
      settingsJson = json.writeValueAsString(settings.toMap());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO webhook_subscription (subscription_id, site, url, event_types,"
                      + " description, secret_nonce, sealed_secret, enabled, created_by,"
                      + " created_at, kind, settings) VALUES (?,?,?,?,?,?,?,TRUE,?,?,?,?)")) {
            insert.setString(1, id);
            insert.setString(2, request.site().orElse(null));
            insert.setString(3, url);
            insert.setString(4, WebhookSubscriptions.typesColumn(types));
            insert.setString(5, request.description().orElse(null));
            insert.setString(6, Base64.getEncoder().encodeToString(sealed.nonce()));
            insert.setString(7, Base64.getEncoder().encodeToString(sealed.ciphertext()));
            insert.setString(8, caller.auditName());
            insert.setObject(9, Sql.utc(now));
            insert.setString(10, request.kind().name());
            insert.setString(11, settingsJson);
            return insert.executeUpdate();
          }
        });
    audit.record(
        caller.auditName(),
        "export.destination.create",
        "destination:" + id,
        request.site().map(List::of).orElse(List.of()),
        Map.of("kind", request.kind().name(), "url", url, "settings", settingsJson));
    return subscriptions.get(caller, id);
  }

  private DestinationSettings checkSettings(Request request) {
    DestinationSettings settings = request.settings();
    boolean anyOauth =
        settings.tokenUrl().isPresent()
            || settings.clientId().isPresent()
            || request.clientSecret().isPresent();
    if (anyOauth
        && (settings.tokenUrl().isEmpty()
            || settings.clientId().isEmpty()
            || request.clientSecret().filter(s -> !s.isBlank()).isEmpty())) {
      throw RejectedException.invalid(
          "OAuth2 client credentials need tokenUrl, clientId and clientSecret together");
    }
    settings.tokenUrl().ifPresent(subscriptions::checkUrl);
    if (request.kind() == DestinationKind.EDFI) {
      if (!anyOauth) {
        throw RejectedException.invalid(
            "an Ed-Fi destination needs tokenUrl, clientId and clientSecret (OAuth2)");
      }
      if (request.site().isEmpty()
          || settings.schoolId().isEmpty()
          || settings.schoolYear().isEmpty()
          || settings.sessionName().filter(s -> !s.isBlank()).isEmpty()) {
        throw RejectedException.invalid(
            "an Ed-Fi destination is for one school: give site, schoolId, schoolYear and"
                + " sessionName (the Ed-Fi session the sections belong to)");
      }
    }
    return settings;
  }

  public Status status(Caller caller, String id) {
    subscriptions.get(caller, id);
    Instant now = clock.instant();
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT"
                      + " SUM(CASE WHEN state = 'PENDING' THEN 1 ELSE 0 END),"
                      + " SUM(CASE WHEN state = 'PENDING' AND attempts > 0 THEN 1 ELSE 0 END),"
                      + " SUM(CASE WHEN state = 'SENT' THEN 1 ELSE 0 END),"
                      + " SUM(CASE WHEN receiver_answer = 'ACCEPTED' THEN 1 ELSE 0 END),"
                      + " SUM(CASE WHEN receiver_answer = 'REJECTED' THEN 1 ELSE 0 END),"
                      + " SUM(CASE WHEN state = 'DEAD' THEN 1 ELSE 0 END),"
                      + " MIN(CASE WHEN state = 'PENDING' THEN created_at END)"
                      + " FROM export_delivery WHERE subscription_id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
              row.next();
              Object oldest = row.getObject(7);
              long lag =
                  oldest == null
                      ? 0
                      : Math.max(0, Duration.between(Sql.instant(oldest), now).toSeconds());
              return new Status(
                  row.getLong(1),
                  row.getLong(2),
                  row.getLong(3),
                  row.getLong(4),
                  row.getLong(5),
                  row.getLong(6),
                  lag);
            }
          }
        });
  }

  /**
   * The reconciliation report of a destination as CSV, one line per record in outbox order: what
   * was sent, what the receiver acknowledged (ACCEPTED) or rejected and why, what is still pending
   * or dead. Keyed by school code and national learner id like the feed itself.
   */
  public void reconciliation(Caller caller, String id, Writer out) {
    subscriptions.get(caller, id);
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT d.delivery_id, e.cloud_event_id, e.event_type, e.site, e.entity_key,"
                          + " e.occurred_at, e.data, d.state, d.attempts, d.sent_at,"
                          + " d.receiver_answer, d.receiver_reason, d.last_status, d.last_error"
                          + " FROM export_delivery d JOIN export_event e ON e.event_id = d.event_id"
                          + " WHERE d.subscription_id = ? ORDER BY d.delivery_id");
              CSVPrinter csv =
                  CSVFormat.RFC4180
                      .builder()
                      .setHeader(
                          "deliveryId",
                          "recordId",
                          "recordType",
                          "schoolCode",
                          "learnerId",
                          "entityKey",
                          "occurredAt",
                          "state",
                          "attempts",
                          "sentAt",
                          "answer",
                          "reason",
                          "lastStatus",
                          "lastError")
                      .get()
                      .print(out)) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                Object sentAt = rows.getObject(10);
                int status = rows.getInt(13);
                String lastStatus = rows.wasNull() ? "" : Integer.toString(status);
                csv.printRecord(
                    rows.getLong(1),
                    rows.getString(2),
                    ExportEventType.valueOf(rows.getString(3)).filterName(),
                    rows.getString(4),
                    learnerId(rows.getString(7)),
                    rows.getString(5),
                    Sql.instant(rows.getObject(6)).toString(),
                    rows.getString(8),
                    rows.getInt(9),
                    sentAt == null ? "" : Sql.instant(sentAt).toString(),
                    Optional.ofNullable(rows.getString(11)).orElse(""),
                    Optional.ofNullable(rows.getString(12)).orElse(""),
                    lastStatus,
                    Optional.ofNullable(rows.getString(14)).orElse(""));
              }
            }
            csv.flush();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return null;
        });
  }

  private String learnerId(String data) {
    try {
      Object id = json.readValue(data, Map.class).get("learnerId");
      return id == null ? "" : id.toString();
    } catch (IOException e) {
      return "";
    }
  }

  private static String names(Set<ExportEventType> types) {
    return String.join(", ", types.stream().map(ExportEventType::filterName).toList());
  }
}
