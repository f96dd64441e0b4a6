package io.campusedge.hub.internal.store;

import io.campusedge.hub.internal.config.SecurityConfig;
import io.campusedge.hub.internal.store.PasswordHasher.PasswordHash;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/** The {@code gateway_credential} table. */
@Singleton
public class JdbcGatewayRegistry implements GatewayRegistry {
  // find() runs for every batch ingested (a transaction of its own), while a gateway's site only
  // changes when it is enrolled again: answers are kept briefly. Enrolment here updates them at
  // once; one at another hub instance is seen here within the time to live.
  static final Duration FOUND_TTL = Duration.ofSeconds(10);
  static final Duration MISSING_TTL = Duration.ofSeconds(1);
  // Batches name their gateway in the payload, so ids never registered could fill the cache.
  private static final int MAX_CACHED = 10_000;

  private final DataSource dataSource;
  private final PasswordHasher hasher;
  private final List<GatewayPasswordListener> listeners;
  private final LongSupplier nanoClock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public JdbcGatewayRegistry(DataSource dataSource, SecurityConfig security) {
    this(dataSource, security, List.of());
  }

  @Inject
  public JdbcGatewayRegistry(
      DataSource dataSource, SecurityConfig security, List<GatewayPasswordListener> listeners) {
    this(dataSource, security, listeners, System::nanoTime);
  }

  JdbcGatewayRegistry(
      DataSource dataSource,
      SecurityConfig security,
      List<GatewayPasswordListener> listeners,
      LongSupplier nanoClock) {
    this.dataSource = dataSource;
    this.hasher = new PasswordHasher(security.passwordHashIterations());
    this.listeners = List.copyOf(listeners);
    this.nanoClock = nanoClock;
  }

  @Override
  public Optional<RegisteredGateway> find(String gatewayId) {
    long now = nanoClock.getAsLong();
    Cached cached = cache.get(gatewayId);
    if (cached != null && now - cached.expiresAtNanos() < 0) {
      return cached.gateway();
    }
    Optional<RegisteredGateway> gateway = load(gatewayId).map(Credential::gateway);
    remember(gatewayId, gateway, now);
    return gateway;
  }

  private void remember(String gatewayId, Optional<RegisteredGateway> gateway, long now) {
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    Duration ttl = gateway.isPresent() ? FOUND_TTL : MISSING_TTL;
    cache.put(gatewayId, new Cached(gateway, now + ttl.toNanos()));
  }

  @Override
  public Optional<RegisteredGateway> authenticate(String gatewayId, byte[] passwordUtf8) {
    Optional<Credential> credential = load(gatewayId);
    if (credential.isEmpty() || !PasswordHasher.matches(passwordUtf8, credential.get().hash())) {
      return Optional.empty();
    }
    return Optional.of(credential.get().gateway());
  }

  @Override
  public void register(String gatewayId, String site, String password) {
    PasswordHash hash = hasher.hash(password);
    Sql.inTransaction(
        dataSource,
        connection -> {
          if (update(connection, gatewayId, site, hash) == 0) {
            insert(connection, gatewayId, site, hash);
          }
          return null;
        });
    remember(gatewayId, Optional.of(new RegisteredGateway(gatewayId, site)), nanoClock.getAsLong());
    listeners.forEach(listener -> listener.passwordSet(gatewayId, site, password));
  }

  private Optional<Credential> load(String gatewayId) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT site, password_hash, password_salt, hash_iterations"
                      + " FROM gateway_credential WHERE gateway_id = ?")) {
            select.setString(1, gatewayId);
            try (ResultSet row = select.executeQuery()) {
              if (!row.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Credential(
                      new RegisteredGateway(gatewayId, row.getString(1)),
                      PasswordHash.fromText(row.getString(2), row.getString(3), row.getInt(4))));
            }
          }
        });
  }

  private static int update(Connection connection, String id, String site, PasswordHash hash)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE gateway_credential SET site = ?, password_hash = ?, password_salt = ?,"
                + " hash_iterations = ?, updated_at = ? WHERE gateway_id = ?")) {
      update.setString(1, site);
      update.setString(2, hash.hashText());
      update.setString(3, hash.saltText());
      update.setInt(4, hash.iterations());
      update.setObject(5, Sql.utc(Instant.now()));
      update.setString(6, id);
      return update.executeUpdate();
    }
  }

  private static void insert(Connection connection, String id, String site, PasswordHash hash)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO gateway_credential (gateway_id, site, password_hash, password_salt,"
                + " hash_iterations, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, id);
      insert.setString(2, site);
      insert.setString(3, hash.hashText());
      insert.setString(4, hash.saltText());
      insert.setInt(5, hash.iterations());
      insert.setObject(6, Sql.utc(Instant.now()));
      insert.executeUpdate();
    }
  }

  private record Credential(RegisteredGateway gateway, PasswordHash hash) {}

  private record Cached(Optional<RegisteredGateway> gateway, long expiresAtNanos) {}
}
