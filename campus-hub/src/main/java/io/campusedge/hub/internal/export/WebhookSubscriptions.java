package io.campusedge.hub.internal.export;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.ExportConfig;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.MasterKey;
import io.campusedge.hub.internal.store.Sql;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Webhook subscriptions as administrators manage them: a school admin for their schools, a sector
 * admin also for all schools at once. The secret is generated here, shown in the creating answer
 * only and kept sealed under the {@link MasterKey}; every change and replay is audited.
 */
@Singleton
public class WebhookSubscriptions {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String COLUMNS =
      "subscription_id, site, url, event_types, description, enabled, created_by, created_at,"
          + " kind, settings";
  private static final JsonMapper SETTINGS_JSON = JsonMapper.createDefault();

  private final DataSource dataSource;
  private final MasterKey master;
  private final AuditLog audit;
  private final ExportConfig config;
  private final Clock clock;

  /** A new subscription and its secret, which is never shown again. */
  public record Created(WebhookSubscription subscription, String secret) {
    @Override
    public String toString() {
      return "Created[" + subscription.id() + ", secret=***]";
    }
  }

  /** Deliveries of a subscription by state; {@code lagSeconds}: age of the oldest pending one. */
  public record Status(long pending, long sent, long dead, long lagSeconds) {}

  /** A delivery that gave up. */
  public record DeadDelivery(
      long deliveryId,
      String cloudEventId,
      String type,
      String subject,
      int attempts,
      Optional<Integer> lastStatus,
      Optional<String> lastError,
      Instant createdAt) {}

  @Inject
  public WebhookSubscriptions(
      DataSource dataSource, MasterKey master, AuditLog audit, ExportConfig config) {
    this(dataSource, master, audit, config, Clock.systemUTC());
  }

  WebhookSubscriptions(
      DataSource dataSource, MasterKey master, AuditLog audit, ExportConfig config, Clock clock) {
    this.dataSource = dataSource;
    this.master = master;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  public Created create(
      Caller caller,
      Optional<String> site,
      String url,
      List<String> eventTypes,
      Optional<String> description) {
    requireAdmin(caller);
    if (site.isPresent()) {
      caller.requireSite(site.get());
    } else {
      caller.require(caller.allSites(), "subscribe to every school's events (name a site)");
    }
    String checkedUrl = checkUrl(url);
    Set<ExportEventType> types = types(eventTypes);
    description
        .filter(d -> d.length() > 256)
        .ifPresent(
            d -> {
              throw RejectedException.invalid("the description is longer than 256 characters");
            });
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String id = "wh-" + UUID.randomUUID().toString().substring(0, 8);
    MasterKey.Sealed sealed = master.seal(secret.getBytes(StandardCharsets.UTF_8), aad(id));
    Instant now = clock.instant();
    WebhookSubscription subscription =
        new WebhookSubscription(
            id,
            site,
            checkedUrl,
            types,
            description,
            true,
            caller.auditName(),
            now,
            DestinationKind.WEBHOOK,
            DestinationSettings.none());
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO webhook_subscription (subscription_id, site, url, event_types,"
                      + " description, secret_nonce, sealed_secret, enabled, created_by,"
                      + " created_at) VALUES (?,?,?,?,?,?,?,TRUE,?,?)")) {
            insert.setString(1, id);
            insert.setString(2, site.orElse(null));
            insert.setString(3, checkedUrl);
            insert.setString(4, typesColumn(types));
            insert.setString(5, description.orElse(null));
            insert.setString(6, Base64.getEncoder().encodeToString(sealed.nonce()));
            insert.setString(7, Base64.getEncoder().encodeToString(sealed.ciphertext()));
            insert.setString(8, caller.auditName());
            insert.setObject(9, Sql.utc(now));
            return insert.executeUpdate();
          }
        });
    audit.record(
        caller.auditName(),
        "webhook.create",
        "webhook:" + id,
        site.map(List::of).orElse(List.of()),
        Map.of("url", checkedUrl, "eventTypes", typesColumn(types)));
    return new Created(subscription, secret);
  }

  public List<WebhookSubscription> list(Caller caller) {
    requireAdmin(caller);
    return Sql.inTransaction(
            dataSource,
            connection ->
                select(
                    connection,
                    "SELECT "
                        + COLUMNS
                        + " FROM webhook_subscription"
                        + " ORDER BY created_at, subscription_id"))
        .stream()
        .filter(s -> visible(caller, s))
        .toList();
  }

  public WebhookSubscription get(Caller caller, String id) {
    requireAdmin(caller);
    return find(id)
        .filter(s -> visible(caller, s))
        .orElseThrow(() -> RejectedException.notFound("no webhook subscription '" + id + "'"));
  }

  /** Stops deliveries to it; pending ones stay and can be seen, nothing new is queued. */
  public WebhookSubscription disable(Caller caller, String id) {
    WebhookSubscription subscription = get(caller, id);
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE webhook_subscription SET enabled = FALSE WHERE subscription_id = ?")) {
            update.setString(1, id);
            return update.executeUpdate();
          }
        });
    audit.record(
        caller.auditName(), "webhook.disable", "webhook:" + id, sites(subscription), Map.of());
    return find(id).orElseThrow();
  }

  public Status status(Caller caller, String id) {
    get(caller, id);
    Instant now = clock.instant();
    return Sql.inTransaction(
        dataSource,
        connection -> {
          long[] counts = new long[3];
          Instant oldest = null;
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT state, COUNT(*), MIN(created_at) FROM export_delivery"
                      + " WHERE subscription_id = ? GROUP BY state")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                DeliveryState state = DeliveryState.valueOf(rows.getString(1));
                counts[state.ordinal()] = rows.getLong(2);
                if (state == DeliveryState.PENDING) {
                  oldest = Sql.instant(rows.getObject(3));
                }
              }
            }
          }
          long lag = oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toSeconds());
          return new Status(counts[0], counts[1], counts[2], lag);
        });
  }

  public List<DeadDelivery> dead(Caller caller, String id, int limit) {
    get(caller, id);
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<DeadDelivery> dead = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT d.delivery_id, e.cloud_event_id, e.event_type, e.entity_key,"
                      + " d.attempts, d.last_status, d.last_error, d.created_at"
                      + " FROM export_delivery d JOIN export_event e ON e.event_id = d.event_id"
                      + " WHERE d.subscription_id = ? AND d.state = 'DEAD'"
                      + " ORDER BY d.delivery_id DESC FETCH FIRST ? ROWS ONLY")) {
            select.setString(1, id);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                int status = rows.getInt(6);
                Optional<Integer> lastStatus =
                    rows.wasNull() ? Optional.empty() : Optional.of(status);
                dead.add(
                    new DeadDelivery(
                        rows.getLong(1),
                        rows.getString(2),
                        ExportEventType.valueOf(rows.getString(3)).cloudEventType(),
                        rows.getString(4),
                        rows.getInt(5),
                        lastStatus,
                        Optional.ofNullable(rows.getString(7)),
                        Sql.instant(rows.getObject(8))));
              }
            }
          }
          return dead;
        });
  }

  /** Queues the subscription's events since a time again (same CloudEvent ids); audited. */
  public int replay(Caller caller, String id, Instant since) {
    WebhookSubscription subscription = get(caller, id);
    if (!subscription.enabled()) {
      throw RejectedException.conflict("webhook subscription '" + id + "' is disabled");
    }
    Instant now = clock.instant();
    if (since.isAfter(now)) {
      throw RejectedException.invalid("since " + since + " is in the future");
    }
    int queued =
        Sql.inTransaction(
            dataSource, connection -> ExportOutbox.replay(connection, subscription, since, now));
    audit.record(
        caller.auditName(),
        "webhook.replay",
        "webhook:" + id,
        sites(subscription),
        Map.of("since", since.toString(), "queued", queued));
    return queued;
  }

  static DestinationSettings settings(JsonMapper json, String column) {
    if (column == null || column.isBlank()) {
      return DestinationSettings.none();
    }
    try {
      return DestinationSettings.fromMap(json.readValue(column, Map.class));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("destination settings are not JSON: " + e, e);
    }
  }

  /** The subscription's secret, for signing; never logged. */
  String secret(Connection connection, String id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT secret_nonce, sealed_secret FROM webhook_subscription"
                + " WHERE subscription_id = ?")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("webhook subscription " + id + " vanished");
        }
        MasterKey.Sealed sealed =
            new MasterKey.Sealed(
                Base64.getDecoder().decode(row.getString(1)),
                Base64.getDecoder().decode(row.getString(2)));
        return new String(master.open(sealed, aad(id)), StandardCharsets.UTF_8);
      }
    }
  }

  /** Enabled subscriptions that may want events of this site. */
  static List<WebhookSubscription> enabled(Connection connection, String site) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM webhook_subscription WHERE enabled = TRUE"
                + " AND (site IS NULL OR site = ?)")) {
      select.setString(1, site);
      return rows(select);
    }
  }

  private Optional<WebhookSubscription> find(String id) {
    return Sql.inTransaction(
            dataSource,
            connection -> {
              try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT "
                          + COLUMNS
                          + " FROM webhook_subscription"
                          + " WHERE subscription_id = ?")) {
                select.setString(1, id);
                return rows(select);
              }
            })
        .stream()
        .findFirst();
  }

  private static List<WebhookSubscription> select(Connection connection, String sql)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      return rows(select);
    }
  }

  private static List<WebhookSubscription> rows(PreparedStatement select) throws SQLException {
    List<WebhookSubscription> subscriptions = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        Set<ExportEventType> types = EnumSet.noneOf(ExportEventType.class);
        Arrays.stream(rows.getString(4).split(","))
            .filter(t -> !t.isBlank())
            .forEach(t -> types.add(ExportEventType.valueOf(t)));
        subscriptions.add(
            new WebhookSubscription(
                rows.getString(1),
                Optional.ofNullable(rows.getString(2)),
                rows.getString(3),
                types,
                Optional.ofNullable(rows.getString(5)),
                rows.getBoolean(6),
                rows.getString(7),
                Sql.instant(rows.getObject(8)),
                DestinationKind.valueOf(rows.getString(9)),
                settings(SETTINGS_JSON, rows.getString(10))));
      }
    }
    return subscriptions;
  }

  private static void requireAdmin(Caller caller) {
    caller.require(caller.role().isAdmin(), "manage webhook subscriptions");
  }

  private static boolean visible(Caller caller, WebhookSubscription subscription) {
    return subscription.site().map(caller::canSee).orElse(caller.allSites());
  }

  private static List<String> sites(WebhookSubscription subscription) {
    return subscription.site().map(List::of).orElse(List.of());
  }

  String checkUrl(String url) {
    if (url == null || url.isBlank()) {
      throw RejectedException.invalid("a subscription needs a url (https://...)");
    }
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw RejectedException.invalid("url '" + url + "' is not a URL: " + e.getMessage());
    }
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    boolean http = "http".equalsIgnoreCase(uri.getScheme());
    if (uri.getHost() == null || !(https || (http && config.allowPlainHttp()))) {
      throw RejectedException.invalid(
          "url '"
              + url
              + "' must be https://host/...; plain http only with"
              + " campusedge.export.allow-plain-http");
    }
    if (uri.getUserInfo() != null) {
      throw RejectedException.invalid("the url must not carry a user name or password");
    }
    return uri.toString();
  }

  static Set<ExportEventType> types(List<String> names) {
    if (names == null || names.isEmpty()) {
      throw RejectedException.invalid("eventTypes is empty; choose from " + allNames());
    }
    Set<ExportEventType> types = EnumSet.noneOf(ExportEventType.class);
    for (String name : names) {
      types.add(
          ExportEventType.parse(name)
              .orElseThrow(
                  () ->
                      RejectedException.invalid(
                          "event type '" + name + "' is not one of " + allNames())));
    }
    return types;
  }

  private static String allNames() {
    return Arrays.stream(ExportEventType.values())
        .map(ExportEventType::filterName)
        .collect(Collectors.joining(", "));
  }

  static String typesColumn(Set<ExportEventType> types) {
    return types.stream().map(Enum::name).collect(Collectors.joining(","));
  }

  static String aad(String id) {
    return "webhook-secret/" + id;
  }
}
