package io.campusedge.hub.internal.export;

import io.campusedge.hub.internal.config.ExportConfig;
import io.campusedge.hub.internal.store.Sql;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.random.RandomGenerator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works off the export outbox: claims due PENDING deliveries (never one whose entity has an earlier
 * delivery to the same subscription still pending, so order per entity holds), POSTs each as a
 * signed CloudEvents 1.0 structured JSON document, and records the outcome: 2xx SENT; 429 or 503
 * with {@code Retry-After} again at that time; anything else (other statuses, timeouts, closed
 * connections) again after exponential backoff with full jitter; DEAD after {@code max-attempts}. A
 * claim is a conditional UPDATE with a lease, so several hub instances never send a delivery at the
 * same time; a hub that dies mid-send leaves a lease that expires, and the delivery is sent again
 * (at least once; receivers deduplicate by the CloudEvent id).
 */
@Context
@Singleton
public class WebhookDispatcher {
  static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int MAX_ROUNDS_PER_TICK = 20;

  private final DataSource dataSource;
  private final WebhookSubscriptions subscriptions;
  private final ExportConfig config;
  private final JsonMapper json;
  private final Clock clock;
  private final Backoff backoff;
  private final HttpClient client;
  private final String instance = "hub-" + UUID.randomUUID().toString().substring(0, 8);
  private final ExecutorService senders;
  private final EdFiConnector edFi;
  private final SectorFeed sectorFeed;
  @Nullable private final MeterRegistry meters;
  private ScheduledFuture<?> task;

  /** A claimed delivery with everything needed to send it. */
  record Claimed(
      long deliveryId,
      String subscriptionId,
      URI url,
      String secret,
      int attempts,
      String cloudEventId,
      byte[] body,
      DestinationKind kind,
      DestinationSettings settings,
      ExportEvent event) {
    Destination destination() {
      return new Destination(subscriptionId, kind, url, secret, settings);
    }
  }

  @Inject
  public WebhookDispatcher(
      DataSource dataSource,
      WebhookSubscriptions subscriptions,
      ExportConfig config,
      JsonMapper json,
      @Nullable MeterRegistry meters,
      StudentDays studentDays,
      ExportClientTls clientTls,
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
    this(
        dataSource,
        subscriptions,
        config,
        json,
        Clock.systemUTC(),
        new SecureRandom(),
        meters,
        studentDays,
        clientTls);
    this.task =
        scheduler.scheduleWithFixedDelay(
            config.pollInterval(), config.pollInterval(), this::dispatchSafely);
  }

  /** Not scheduled, webhooks only (an Ed-Fi closed day needs {@link StudentDays}). */
  WebhookDispatcher(
      DataSource dataSource,
      WebhookSubscriptions subscriptions,
      ExportConfig config,
      JsonMapper json,
      Clock clock,
      RandomGenerator random,
      @Nullable MeterRegistry meters) {
    this(
        dataSource,
        subscriptions,
        config,
        json,
        clock,
        random,
        meters,
        (site, date) -> {
          throw new IllegalStateException("this dispatcher was built without daily attendance");
        });
  }

  /** Not scheduled, without a client certificate. */
  WebhookDispatcher(
      DataSource dataSource,
      WebhookSubscriptions subscriptions,
      ExportConfig config,
      JsonMapper json,
      Clock clock,
      RandomGenerator random,
      @Nullable MeterRegistry meters,
      StudentDays studentDays) {
    this(
        dataSource,
        subscriptions,
        config,
        json,
        clock,
        random,
        meters,
        studentDays,
        ExportClientTls.none());
  }

  /** Not scheduled: the caller calls {@link #dispatchOnce}. */
  WebhookDispatcher(
      DataSource dataSource,
      WebhookSubscriptions subscriptions,
      ExportConfig config,
      JsonMapper json,
      Clock clock,
      RandomGenerator random,
      @Nullable MeterRegistry meters,
      StudentDays studentDays,
      ExportClientTls clientTls) {
    this.dataSource = dataSource;
    this.subscriptions = subscriptions;
    this.config = config;
    this.json = json;
    this.clock = clock;
    this.backoff = new Backoff(config.backoffBase(), config.backoffMax(), random);
    this.meters = meters;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .sslContext(sslContext(config, clientTls))
            .build();
    this.senders =
        Executors.newFixedThreadPool(
            config.senders(),
            runnable -> {
              Thread thread = new Thread(runnable, "webhook-sender");
              thread.setDaemon(true);
              return thread;
            });
    OAuthClientCredentials oauth =
        new OAuthClientCredentials(client, json, clock, config.requestTimeout(), backoff);
    this.edFi =
        new EdFiConnector(
            oauth, json, dataSource, studentDays, backoff, clock, config.requestTimeout());
    this.sectorFeed = new SectorFeed(oauth, json, backoff, clock, config.requestTimeout());
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
    senders.shutdownNow();
  }

  private void dispatchSafely() {
    try {
      for (int round = 0; round < MAX_ROUNDS_PER_TICK; round++) {
        if (dispatchOnce() < config.batchSize()) {
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Export dispatch failed ({}); next try in {}", e.toString(), config.pollInterval());
    }
  }

  /** Claims up to {@code batch-size} due deliveries and sends them; returns how many. */
  public int dispatchOnce() {
    List<Claimed> claimed = claim(clock.instant());
    List<Future<?>> sending = new ArrayList<>();
    Map<String, List<Claimed>> batches = new LinkedHashMap<>();
    for (Claimed delivery : claimed) {
      if (delivery.kind() == DestinationKind.SECTOR_FEED) {
        batches.computeIfAbsent(delivery.subscriptionId(), id -> new ArrayList<>()).add(delivery);
      } else {
        sending.add(senders.submit(() -> deliver(delivery)));
      }
    }
    // One batch per destination and claim: at most batch-size records, one per entity (an
    // entity's next delivery is not due while an earlier one is pending).
    for (List<Claimed> batch : batches.values()) {
      sending.add(senders.submit(() -> deliverBatch(batch)));
    }
    for (Future<?> future : sending) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException e) {
        LOG.warn("A webhook delivery failed unexpectedly: {}", e.getCause().toString());
      }
    }
    return claimed.size();
  }

  private List<Claimed> claim(Instant now) {
    Instant leaseEnd =
        now.plus(config.connectTimeout()).plus(config.requestTimeout()).plusSeconds(30);
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<Claimed> claimed = new ArrayList<>();
          for (long id : due(connection, now)) {
            if (claimOne(connection, id, now, leaseEnd)) {
              load(connection, id).ifPresent(claimed::add);
            }
          }
          return claimed;
        });
  }

  private List<Long> due(Connection connection, Instant now) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT d.delivery_id FROM export_delivery d JOIN webhook_subscription s"
                + " ON s.subscription_id = d.subscription_id AND s.enabled = TRUE"
                + " WHERE d.state = 'PENDING' AND d.next_attempt_at <= ?"
                + " AND (d.claimed_until IS NULL OR d.claimed_until < ?)"
                + " AND NOT EXISTS (SELECT 1 FROM export_delivery e"
                + " WHERE e.subscription_id = d.subscription_id AND e.entity_key = d.entity_key"
                + " AND e.state = 'PENDING' AND e.delivery_id < d.delivery_id)"
                + " ORDER BY d.delivery_id FETCH FIRST ? ROWS ONLY")) {
      select.setObject(1, Sql.utc(now));
      select.setObject(2, Sql.utc(now));
      select.setInt(3, config.batchSize());
      List<Long> ids = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
      return ids;
    }
  }

  // Another hub may have claimed it since the SELECT: only one UPDATE matches.
  private boolean claimOne(Connection connection, long id, Instant now, Instant leaseEnd)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE export_delivery SET claimed_by = ?, claimed_until = ?"
                + " WHERE delivery_id = ? AND state = 'PENDING'"
                + " AND (claimed_until IS NULL OR claimed_until < ?)")) {
      update.setString(1, instance);
      update.setObject(2, Sql.utc(leaseEnd));
      update.setLong(3, id);
      update.setObject(4, Sql.utc(now));
      return update.executeUpdate() == 1;
    }
  }

  private Optional<Claimed> load(Connection connection, long id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT d.subscription_id, s.url, d.attempts, e.cloud_event_id, e.event_type, e.site,"
                + " e.entity_key, e.occurred_at, e.data, s.kind, s.settings FROM export_delivery d"
                + " JOIN export_event e ON e.event_id = d.event_id"
                + " JOIN webhook_subscription s ON s.subscription_id = d.subscription_id"
                + " WHERE d.delivery_id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        String subscriptionId = row.getString(1);
        DestinationKind kind = DestinationKind.valueOf(row.getString(10));
        ExportEvent event =
            new ExportEvent(
                row.getString(4),
                ExportEventType.valueOf(row.getString(5)),
                row.getString(6),
                row.getString(7),
                Sql.instant(row.getObject(8)),
                kind == DestinationKind.WEBHOOK ? Map.of() : jsonMap(row.getString(9)),
                row.getString(9));
        byte[] body =
            kind == DestinationKind.WEBHOOK
                ? cloudEvent(
                    event.id(),
                    event.type(),
                    event.site(),
                    event.entityKey(),
                    event.occurredAt(),
                    event.rawData())
                : new byte[0];
        return Optional.of(
            new Claimed(
                id,
                subscriptionId,
                URI.create(row.getString(2)),
                subscriptions.secret(connection, subscriptionId),
                row.getInt(3),
                row.getString(4),
                body,
                kind,
                WebhookSubscriptions.settings(json, row.getString(11)),
                event));
      }
    }
  }

  /** CloudEvents 1.0 structured mode; {@code data} is the stored JSON as it is. */
  private byte[] cloudEvent(
      String id, ExportEventType type, String site, String subject, Instant time, String data) {
    Map<String, String> envelope = new LinkedHashMap<>();
    envelope.put("specversion", "1.0");
    envelope.put("id", id);
    envelope.put("source", "/campusedge/" + site);
    envelope.put("type", type.cloudEventType());
    envelope.put("subject", subject);
    envelope.put("time", time.toString());
    envelope.put("datacontenttype", "application/json");
    try {
      String head = json.writeValueAsString(envelope);
      return (head.substring(0, head.length() - 1) + ",\"data\":" + data + "}")
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("a CloudEvent cannot be written: " + e, e);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> jsonMap(String data) {
    try {
      return json.readValue(data, Map.class);
    } catch (IOException e) {
      throw new IllegalStateException("an export event's data is not JSON: " + e, e);
    }
  }

  private void deliver(Claimed delivery) {
    if (delivery.kind() == DestinationKind.EDFI) {
      record(delivery, edFi.send(delivery.destination(), delivery.event()));
      return;
    }
    HttpRequest request =
        HttpRequest.newBuilder(delivery.url())
            .timeout(config.requestTimeout())
            .header("Content-Type", CONTENT_TYPE)
            .header("Idempotency-Key", delivery.cloudEventId())
            .header(
                WebhookSignature.HEADER,
                WebhookSignature.sign(delivery.secret(), clock.instant(), delivery.body()))
            .header("User-Agent", "CampusEdge-Hub")
            .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
            .build();
    int attempt = delivery.attempts() + 1;
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        sent(delivery, status);
        return;
      }
      Optional<Duration> asked =
          status == 429 || status == 503
              ? backoff.retryAfter(
                  response.headers().firstValue("Retry-After").orElse(null), clock.instant())
              : Optional.empty();
      failed(delivery, attempt, Optional.of(status), "HTTP " + status, asked);
    } catch (HttpTimeoutException e) {
      failed(delivery, attempt, Optional.empty(), "no answer within a timeout", Optional.empty());
    } catch (IOException e) {
      failed(delivery, attempt, Optional.empty(), e.toString(), Optional.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      release(delivery);
    }
  }

  private void deliverBatch(List<Claimed> batch) {
    List<SectorFeed.Item> items =
        batch.stream().map(c -> new SectorFeed.Item(c.deliveryId(), c.event())).toList();
    Map<Long, Outcome> outcomes = sectorFeed.send(batch.get(0).destination(), items);
    for (Claimed delivery : batch) {
      record(delivery, outcomes.get(delivery.deliveryId()));
    }
  }

  private void record(Claimed delivery, Outcome outcome) {
    int attempt = delivery.attempts() + 1;
    if (outcome instanceof Outcome.Delivered delivered) {
      sent(delivery, delivered.status().orElse(null), delivered.answer(), delivered.reason());
    } else if (outcome instanceof Outcome.Failed failed) {
      failed(delivery, attempt, failed.status(), failed.error(), failed.retryAfter());
    }
  }

  private void sent(Claimed delivery, int status) {
    sent(delivery, status, Optional.empty(), Optional.empty());
  }

  private void sent(
      Claimed delivery, Integer status, Optional<String> answer, Optional<String> reason) {
    update(
        delivery,
        "UPDATE export_delivery SET state = 'SENT', attempts = attempts + 1, sent_at = ?,"
            + " last_status = ?, last_error = NULL, receiver_answer = ?, receiver_reason = ?,"
            + " claimed_by = NULL, claimed_until = NULL"
            + " WHERE delivery_id = ? AND claimed_by = ?",
        Sql.utc(clock.instant()),
        status,
        answer.orElse(null),
        reason.map(r -> r.length() > 512 ? r.substring(0, 511) + "…" : r).orElse(null));
    count(delivery, answer.map(a -> a.toLowerCase(java.util.Locale.ROOT)).orElse("sent"));
  }

  private void failed(
      Claimed delivery,
      int attempt,
      Optional<Integer> status,
      String error,
      Optional<Duration> retryAfter) {
    Instant now = clock.instant();
    boolean dead = attempt >= config.maxAttempts();
    Instant next = now.plus(retryAfter.orElseGet(() -> backoff.after(attempt)));
    update(
        delivery,
        "UPDATE export_delivery SET state = ?, attempts = attempts + 1, next_attempt_at = ?,"
            + " last_status = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL"
            + " WHERE delivery_id = ? AND claimed_by = ?",
        dead ? DeliveryState.DEAD.name() : DeliveryState.PENDING.name(),
        Sql.utc(next),
        status.orElse(null),
        error.length() > 512 ? error.substring(0, 511) + "…" : error);
    if (dead) {
      LOG.warn(
          "Webhook {}: event {} given up after {} tries (last: {}); replay it from the API",
          delivery.subscriptionId(),
          delivery.cloudEventId(),
          attempt,
          error);
      count(delivery, "dead");
    } else {
      LOG.debug(
          "Webhook {}: event {} try {} failed ({}), next at {}",
          delivery.subscriptionId(),
          delivery.cloudEventId(),
          attempt,
          error,
          next);
      count(delivery, "retry");
    }
  }

  private void release(Claimed delivery) {
    update(
        delivery,
        "UPDATE export_delivery SET claimed_by = NULL, claimed_until = NULL"
            + " WHERE delivery_id = ? AND claimed_by = ?");
  }

  // The last two parameters are always the delivery id and this instance's claim.
  private void update(Claimed delivery, String sql, Object... values) {
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(sql)) {
            int i = 1;
            for (Object value : values) {
              update.setObject(i++, value);
            }
            update.setLong(i++, delivery.deliveryId());
            update.setString(i, instance);
            return update.executeUpdate();
          }
        });
  }

  private void count(Claimed delivery, String outcome) {
    if (meters != null) {
      meters
          .counter(
              "campusedge.export.deliveries",
              "subscription",
              delivery.subscriptionId(),
              "outcome",
              outcome)
          .increment();
    }
  }

  private static SSLContext sslContext(ExportConfig config, ExportClientTls clientTls) {
    if (clientTls.keyStore().isEmpty()) {
      return sslContext(config);
    }
    char[] password =
        clientTls.keyStorePassword() == null ? null : clientTls.keyStorePassword().toCharArray();
    try {
      KeyStore own = KeyStore.getInstance(clientTls.keyStore().get().toFile(), password);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(own, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trustManagers(config), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "campusedge.export.client-tls.key-store-path "
              + clientTls.keyStorePath()
              + " cannot be loaded (wrong password or not PKCS12/JKS?): "
              + e.getMessage(),
          e);
    }
  }

  private static SSLContext sslContext(ExportConfig config) {
    try {
      if (config.trustStore().isEmpty()) {
        return SSLContext.getDefault();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(config), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
    }
  }

  // The configured trust store's, or null: the JVM's default CAs.
  private static TrustManager[] trustManagers(ExportConfig config) {
    if (config.trustStore().isEmpty()) {
      return null;
    }
    try {
      char[] password =
          config.trustStorePassword() == null ? null : config.trustStorePassword().toCharArray();
      // PKCS12 or JKS, recognised from the file.
      KeyStore trusted = KeyStore.getInstance(config.trustStore().get().toFile(), password);
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      return factory.getTrustManagers();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "campusedge.export.trust-store-path "
              + config.trustStorePath()
              + " cannot be loaded (wrong password or not PKCS12/JKS?): "
              + e.getMessage(),
          e);
    }
  }
}
