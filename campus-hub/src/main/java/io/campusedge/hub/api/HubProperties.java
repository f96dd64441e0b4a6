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

  /** A list of maps with keys {@code id}, {@code site}, {@code password}. */
  public static final String BOOTSTRAP_GATEWAYS = "campusedge.bootstrap.gateways";

  public static final String OBSERVER_USERNAME = "campusedge.bootstrap.observer.username";
  public static final String OBSERVER_PASSWORD = "campusedge.bootstrap.observer.password";

  /** PBKDF2 iterations for newly stored gateway passwords. */
  public static final String PASSWORD_HASH_ITERATIONS =
      "campusedge.security.password-hash-iterations";

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
