package io.campusedge.hub.internal.security;

import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.BootstrapAdminConfig;
import io.campusedge.hub.internal.config.SecurityConfig;
import io.campusedge.hub.internal.store.PasswordHasher;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start (no users yet): creates the sector admin from {@code
 * campusedge.security.bootstrap-admin}. A generated password goes to the console once, through
 * {@code System.out} and not the logger, so it does not end up in log files.
 */
@Singleton
public class BootstrapAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdmin.class);

  private final UserStore users;
  private final BootstrapAdminConfig config;
  private final PasswordHasher hasher;
  private final AuditLog audit;
  private final PrintStream console;

  public BootstrapAdmin(
      UserStore users, BootstrapAdminConfig config, SecurityConfig security, AuditLog audit) {
    this(users, config, new PasswordHasher(security.passwordHashIterations()), audit, System.out);
  }

  BootstrapAdmin(
      UserStore users,
      BootstrapAdminConfig config,
      PasswordHasher hasher,
      AuditLog audit,
      PrintStream console) {
    this.users = users;
    this.config = config;
    this.hasher = hasher;
    this.audit = audit;
    this.console = console;
  }

  /** Creates the admin when the users table is empty; returns whether it did. */
  public boolean createIfNoUsers() {
    if (users.count() > 0) {
      return false;
    }
    String username = config.username().strip();
    boolean generated = config.configuredPassword().isEmpty();
    String password = config.configuredPassword().orElseGet(BootstrapAdmin::randomPassword);
    if (!users.create(username, Role.SECTOR_ADMIN, Set.of(), hasher.hash(password))) {
      return false; // another hub instance on the same database was quicker
    }
    audit.record(
        "hub",
        "user.create",
        "user:" + username,
        Set.of(),
        Map.of("role", Role.SECTOR_ADMIN.name(), "bootstrap", true));
    LOG.info("No users yet: created the sector admin '{}'", username);
    if (generated) {
      console.printf(
          "%n*** CampusEdge hub: first start, created the sector admin '%s' with the password%n"
              + "***   %s%n"
              + "*** It is shown only this once. Log in (POST /login) and create your own users;%n"
              + "*** set campusedge.security.bootstrap-admin.password (env CAMPUSEDGE_ADMIN_PASSWORD)"
              + " to choose it.%n%n",
          username, password);
      console.flush();
    }
    return true;
  }

  static String randomPassword() {
    byte[] bytes = new byte[15];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
