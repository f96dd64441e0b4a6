package io.campusedge.hub.api;

/** Configuration property names, for {@code CampusHub.start(Map)} overrides. */
public final class HubProperties {
  /** Directory for the H2 database ({dir}/hub) and the broker state ({dir}/broker). */
  public static final String DATA_DIR = "campusedge.data-dir";

  /** HTTP port; -1 picks a free port. */
  public static final String HTTP_PORT = "micronaut.server.port";

  public static final String BROKER_EMBEDDED = "campusedge.broker.embedded";
  public static final String BROKER_PORT = "campusedge.broker.port";
  public static final String BROKER_BIND_ADDRESS = "campusedge.broker.bind-address";

  /** External broker only, e.g. {@code tcp://mosquitto:1883}. */
  public static final String BROKER_URL = "campusedge.broker.url";

  public static final String BROKER_USERNAME = "campusedge.broker.username";
  public static final String BROKER_PASSWORD = "campusedge.broker.password";

  /** Off: the embedded broker has only its TLS listener (which must then be configured). */
  public static final String BROKER_PLAIN_ENABLED = "campusedge.broker.plain-enabled";

  public static final String BROKER_TLS_PORT = "campusedge.broker.tls.port";

  /** PKCS12 or JKS keystore with the embedded broker's key; its presence turns TLS on. */
  public static final String BROKER_TLS_KEYSTORE_PATH = "campusedge.broker.tls.keystore-path";

  public static final String BROKER_TLS_KEYSTORE_PASSWORD =
      "campusedge.broker.tls.keystore-password";
  public static final String BROKER_TLS_KEY_PASSWORD = "campusedge.broker.tls.key-password";

  /** The hub's MQTT client id; each hub instance on one broker needs its own. */
  public static final String BROKER_CLIENT_ID = "campusedge.broker.client-id";

  public static final String BROKER_PERSISTENT_SESSION = "campusedge.broker.persistent-session";
  public static final String BROKER_SESSION_EXPIRY = "campusedge.broker.session-expiry";
  public static final String BROKER_RECEIVE_MAXIMUM = "campusedge.broker.receive-maximum";

  /** Messages received and not yet stored, at most; a full queue slows the broker down. */
  public static final String INGEST_QUEUE_CAPACITY = "campusedge.ingest.queue-capacity";

  public static final String INGEST_MAX_BATCHES_PER_TRANSACTION =
      "campusedge.ingest.max-batches-per-transaction";
  public static final String INGEST_DRAIN_TIMEOUT = "campusedge.ingest.drain-timeout";

  /** A gateway silent for two of these is marked offline. */
  public static final String GATEWAYS_HEARTBEAT_INTERVAL = "campusedge.gateways.heartbeat-interval";

  /** A list of maps with keys {@code id}, {@code site}, {@code password}. */
  public static final String BOOTSTRAP_GATEWAYS = "campusedge.bootstrap.gateways";

  public static final String OBSERVER_USERNAME = "campusedge.bootstrap.observer.username";
  public static final String OBSERVER_PASSWORD = "campusedge.bootstrap.observer.password";

  /** PBKDF2 iterations for newly stored gateway passwords. */
  public static final String PASSWORD_HASH_ITERATIONS =
      "campusedge.security.password-hash-iterations";

  /** The sector admin created at first start (empty users table); default {@code admin}. */
  public static final String ADMIN_USERNAME = "campusedge.security.bootstrap-admin.username";

  /**
   * Its password (env {@code CAMPUSEDGE_ADMIN_PASSWORD}); without one a password is generated and
   * printed once on the console.
   */
  public static final String ADMIN_PASSWORD = "campusedge.security.bootstrap-admin.password";

  /** Wrong passwords in a row that lock a user name (default 5). */
  public static final String LOGIN_MAX_FAILURES = "campusedge.security.login.max-failures";

  /** How long a locked user name stays locked, e.g. {@code 15m}. */
  public static final String LOGIN_LOCKOUT = "campusedge.security.login.lockout";

  /**
   * Key that signs access tokens (at least 32 characters); by default generated once into {@code
   * {data-dir}/jwt-secret}. Hubs serving the same users behind one address need the same value.
   */
  public static final String JWT_SECRET =
      "micronaut.security.token.jwt.signatures.secret.generator.secret";

  /**
   * Base64 of 32 random bytes that seals the schools' site keys at rest (AES-256-GCM); by default
   * generated once into {@code {data-dir}/master.key} (owner-only). Hubs sharing one database need
   * the same value; losing it makes the stored site keys unreadable.
   */
  public static final String MASTER_KEY = "campusedge.security.master-key";

  /**
   * Broker URLs given to enrolled gateways (a list, e.g. {@code ssl://hub.school.local:8883}); by
   * default built from the host name the gateway used to reach the hub.
   */
  public static final String ENROLLMENT_BROKER_URLS = "campusedge.enrollment.broker-urls";

  /** Live events: a client this many events behind is dropped (default 1000). */
  public static final String EVENTS_CLIENT_BUFFER = "campusedge.events.client-buffer";

  /** Live events: heartbeat comment interval (default 15s). */
  public static final String EVENTS_HEARTBEAT = "campusedge.events.heartbeat";

  /**
   * JDBC URL of the database; H2 file under the data directory by default, or PostgreSQL 15+, e.g.
   * {@code jdbc:postgresql://db.school.local:5432/campusedge}.
   */
  public static final String DATASOURCE_URL = "datasources.default.url";

  public static final String DATASOURCE_USERNAME = "datasources.default.username";
  public static final String DATASOURCE_PASSWORD = "datasources.default.password";

  /** How long raw readings and 1-minute rollups are kept, e.g. {@code 400d}. */
  public static final String STORAGE_RETENTION = "campusedge.storage.retention";

  private HubProperties() {}
}
