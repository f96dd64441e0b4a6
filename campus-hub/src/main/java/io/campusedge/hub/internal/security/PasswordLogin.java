package io.campusedge.hub.internal.security;

import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.LoginConfig;
import io.campusedge.hub.internal.config.SecurityConfig;
import io.campusedge.hub.internal.store.PasswordHasher;
import io.campusedge.hub.internal.store.PasswordHasher.PasswordHash;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /login}: user name and password against {@code user_account}, with lock-out after
 * repeated failures. Unknown names get the same answers, timing and lock-out as known ones, so the
 * answers tell nobody which names exist.
 */
@Singleton
public class PasswordLogin<B> implements HttpRequestExecutorAuthenticationProvider<B> {
  static final String WRONG_CREDENTIALS = "Wrong user name or password";
  private static final Logger LOG = LoggerFactory.getLogger(PasswordLogin.class);
  private static final int MAX_TRACKED_UNKNOWN_NAMES = 10_000;

  private final UserStore users;
  private final LoginConfig config;
  private final LoginMeters meters;
  private final AuditLog audit;
  private final Clock clock = Clock.systemUTC();
  private final PasswordHash decoy;
  // Failures and lock-outs of names that are not users, in memory only, least recent dropped.
  private final Map<String, UnknownName> unknownNames =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, UnknownName> eldest) {
          return size() > MAX_TRACKED_UNKNOWN_NAMES;
        }
      };

  private record UnknownName(int failures, Optional<Instant> lockedUntil) {}

  public PasswordLogin(
      UserStore users,
      LoginConfig config,
      SecurityConfig security,
      LoginMeters meters,
      AuditLog audit) {
    this.users = users;
    this.config = config;
    this.meters = meters;
    this.audit = audit;
    this.decoy = new PasswordHasher(security.passwordHashIterations()).hash("decoy");
  }

  @Override
  public AuthenticationResponse authenticate(
      @Nullable HttpRequest<B> request, AuthenticationRequest<String, String> login) {
    String username = String.valueOf(login.getIdentity()).strip();
    byte[] password = String.valueOf(login.getSecret()).getBytes(StandardCharsets.UTF_8);
    Instant now = clock.instant();
    Optional<UserAccount> user = users.find(username);
    if (user.isEmpty()) {
      return unknownName(username, password, now);
    }
    UserAccount account = user.get();
    if (account.lockedAt(now)) {
      meters.refusedWhileLocked();
      return AuthenticationResponse.failure(lockedMessage());
    }
    if (!PasswordHasher.matches(password, account.password())) {
      int failures = users.loginFailed(username, config.maxFailures(), now.plus(config.lockout()));
      return failed(
          username,
          account.role() == Role.SECTOR_ADMIN ? List.of() : account.sites(),
          failures >= config.maxFailures(),
          true);
    }
    users.loginSucceeded(username);
    return AuthenticationResponse.success(
        account.username(),
        List.of(account.role().name()),
        Map.of(
            Caller.ATTR_KIND,
            Caller.Kind.USER.name(),
            Caller.ATTR_SITES,
            List.copyOf(account.sites()),
            Caller.ATTR_VERSION,
            account.version()));
  }

  private AuthenticationResponse unknownName(String username, byte[] password, Instant now) {
    PasswordHasher.matches(password, decoy); // same work as for a real user
    boolean lockedNow;
    synchronized (unknownNames) {
      UnknownName known = unknownNames.getOrDefault(username, new UnknownName(0, Optional.empty()));
      if (known.lockedUntil().map(now::isBefore).orElse(false)) {
        meters.refusedWhileLocked();
        return AuthenticationResponse.failure(lockedMessage());
      }
      int failures = known.failures() + 1;
      lockedNow = failures >= config.maxFailures();
      unknownNames.put(
          username,
          lockedNow
              ? new UnknownName(0, Optional.of(now.plus(config.lockout())))
              : new UnknownName(failures, Optional.empty()));
    }
    return failed(username, List.of(), lockedNow, false);
  }

  private AuthenticationResponse failed(
      String username, Collection<String> sites, boolean lockedNow, boolean knownUser) {
    meters.wrongCredentials();
    if (!lockedNow) {
      return AuthenticationResponse.failure(WRONG_CREDENTIALS);
    }
    meters.lockedOut();
    // An unknown name may be a password typed into the wrong field: the log never shows it.
    LOG.warn(
        "Login for {} locked for {} after {} failed attempts",
        knownUser ? "user '" + username + "'" : "an unknown user name",
        config.lockout(),
        config.maxFailures());
    audit.record(
        "login",
        "login.locked",
        "user:" + username,
        sites,
        Map.of(
            "failedAttempts", config.maxFailures(),
            "lockedFor", config.lockout().toString(),
            "knownUser", knownUser));
    return AuthenticationResponse.failure(lockedMessage());
  }

  String lockedMessage() {
    long seconds = config.lockout().toSeconds();
    String period = seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    return "Too many failed logins for this user name: login is locked for "
        + period
        + "; try again later or ask an administrator to reset the password";
  }
}
