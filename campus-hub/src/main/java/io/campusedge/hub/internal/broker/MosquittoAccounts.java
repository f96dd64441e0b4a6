package io.campusedge.hub.internal.broker;

import io.campusedge.hub.internal.config.BrokerConfig;
import io.campusedge.hub.internal.store.GatewayPasswordListener;
import io.campusedge.hub.internal.store.Sql;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an external Mosquitto's password and ACL files in step with the hub's gateways, so a
 * gateway enrolled through the hub can log in at once: every password set (enrolment, bootstrap) is
 * hashed in Mosquitto's format and stored, both files are rewritten whole (write, then rename), and
 * the configured reload command (e.g. {@code systemctl reload mosquitto}, which sends SIGHUP) makes
 * Mosquitto read them again. The ACL gives each gateway what the embedded broker gives it (its own
 * data, state and command-result topics to write, its ack and cmd to read) and the hub's account
 * all of {@code campusedge/#}.
 */
@Singleton
@Requires(property = "campusedge.broker.mosquitto.password-file")
public class MosquittoAccounts implements GatewayPasswordListener {
  private static final Logger LOG = LoggerFactory.getLogger(MosquittoAccounts.class);

  /**
   * {@code campusedge.broker.mosquitto}: where Mosquitto reads its {@code password_file} and {@code
   * acl_file} (both written by the hub, mode 0640: give Mosquitto's group read access), the command
   * that makes it reload them, and the PBKDF2 iterations of new hashes.
   */
  @ConfigurationProperties("campusedge.broker.mosquitto")
  public record Config(
      Path passwordFile,
      Path aclFile,
      @Nullable List<String> reloadCommand,
      @Bindable(defaultValue = "101") @Min(1) @Max(10_000_000) int hashIterations) {}

  private final DataSource dataSource;
  private final Config config;
  private final BrokerConfig broker;

  public MosquittoAccounts(DataSource dataSource, Config config, BrokerConfig broker) {
    this.dataSource = dataSource;
    this.config = config;
    this.broker = broker;
  }

  /** The hub's own account first, so Mosquitto lets the hub in as soon as it reads the files. */
  @PostConstruct
  void start() {
    if (broker.embedded()) {
      LOG.warn(
          "campusedge.broker.mosquitto is set but the broker is embedded; the files are written"
              + " for an external Mosquitto all the same");
    }
    if (broker.username() != null && broker.password() != null) {
      store(broker.username(), null, broker.password());
    }
    writeAndReload();
  }

  @Override
  public void passwordSet(String gatewayId, String site, String password) {
    store(gatewayId, site, password);
    writeAndReload();
  }

  private void store(String username, @Nullable String site, String password) {
    String hash = MosquittoPasswords.hash(password, config.hashIterations());
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE mosquitto_account SET site = ?, password_hash = ?, updated_at = ?"
                      + " WHERE username = ?")) {
            update.setString(1, site);
            update.setString(2, hash);
            update.setObject(3, Sql.utc(Instant.now()));
            update.setString(4, username);
            if (update.executeUpdate() > 0) {
              return null;
            }
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO mosquitto_account (username, site, password_hash, updated_at)"
                      + " VALUES (?, ?, ?, ?)")) {
            insert.setString(1, username);
            insert.setString(2, site);
            insert.setString(3, hash);
            insert.setObject(4, Sql.utc(Instant.now()));
            insert.executeUpdate();
          }
          return null;
        });
  }

  private record Account(String username, @Nullable String site, String hash) {}

  /** Rewrites both files from the table; synchronized so two enrolments do not interleave. */
  synchronized void writeAndReload() {
    List<Account> accounts = Sql.inTransaction(dataSource, MosquittoAccounts::accounts);
    StringBuilder passwords = new StringBuilder();
    StringBuilder acl = new StringBuilder();
    for (Account account : accounts) {
      passwords.append(account.username()).append(':').append(account.hash()).append('\n');
      acl.append("user ").append(account.username()).append('\n');
      for (String line : aclLines(account)) {
        acl.append(line).append('\n');
      }
      acl.append('\n');
    }
    replace(config.passwordFile(), passwords.toString());
    replace(config.aclFile(), acl.toString());
    LOG.info(
        "Mosquitto accounts written: {} ({} accounts)", config.passwordFile(), accounts.size());
    reload();
  }

  static List<String> aclLines(String username, @Nullable String site) {
    if (site == null) {
      return List.of("topic readwrite campusedge/#");
    }
    String base = "campusedge/v1/" + site + "/" + username + "/";
    return List.of(
        "topic write " + base + "data",
        "topic write " + base + "state",
        "topic write " + base + "cmd/result",
        "topic read " + base + "ack",
        "topic read " + base + "cmd");
  }

  private static List<String> aclLines(Account account) {
    return aclLines(account.username(), account.site());
  }

  private static List<Account> accounts(Connection connection) throws SQLException {
    List<Account> accounts = new ArrayList<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT username, site, password_hash FROM mosquitto_account ORDER BY username");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        accounts.add(new Account(rows.getString(1), rows.getString(2), rows.getString(3)));
      }
    }
    return accounts;
  }

  private static void replace(Path file, String content) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".new");
      try {
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        try {
          Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r-----"));
        } catch (UnsupportedOperationException notPosix) {
          // Windows: the folder's permissions apply
        }
        Files.move(
            temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Mosquitto file " + file + ": " + e, e);
    }
  }

  private void reload() {
    List<String> command = config.reloadCommand();
    if (command == null || command.isEmpty()) {
      return;
    }
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        LOG.warn("Mosquitto reload command {} did not finish within 10 s", command);
        return;
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        LOG.warn(
            "Mosquitto reload command {} exited with {}: {}",
            command,
            process.exitValue(),
            output.strip());
      }
    } catch (IOException e) {
      LOG.warn("Mosquitto reload command {} could not run: {}", command, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
