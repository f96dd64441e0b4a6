package io.campusedge.hub.internal.enrollment;

import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.broker.BrokerControl;
import io.campusedge.hub.internal.config.ObserverSeed;
import io.campusedge.hub.internal.history.InvalidQueryException;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.security.SiteKey;
import io.campusedge.hub.internal.security.SiteKeys;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.campusedge.hub.internal.store.RegisteredGateway;
import io.campusedge.protos.v1.Topics;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateway enrollment: admins and technicians of a school create one-time tokens for a room; a
 * gateway exchanges one for its id, MQTT credentials, the school's site key and the broker's CA.
 */
@Singleton
public class Enrollments {
  static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);
  static final Duration MAX_LIFETIME = Duration.ofDays(7);
  static final Duration MIN_LIFETIME = Duration.ofMinutes(1);
  // Refused exchanges from one address within a minute before it gets 429 for the rest of it.
  static final int MAX_FAILURES_PER_MINUTE = 10;
  private static final Logger LOG = LoggerFactory.getLogger(Enrollments.class);
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,6})\\s*([smhd])");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EnrollmentStore store;
  private final GatewayRegistry gateways;
  private final SiteKeys siteKeys;
  private final BrokerAddresses broker;
  private final AuditLog audit;
  private final EnrollmentMeters meters;
  private final Set<String> reservedNames;
  private final FailureWindow failures = new FailureWindow(MAX_FAILURES_PER_MINUTE);
  private final Clock clock;

  public Enrollments(
      EnrollmentStore store,
      GatewayRegistry gateways,
      SiteKeys siteKeys,
      BrokerAddresses broker,
      BrokerControl brokerControl,
      Optional<ObserverSeed> observer,
      AuditLog audit,
      EnrollmentMeters meters) {
    this.store = store;
    this.gateways = gateways;
    this.siteKeys = siteKeys;
    this.broker = broker;
    this.audit = audit;
    this.meters = meters;
    this.reservedNames =
        observer
            .map(o -> Set.of(brokerControl.hubCredentials().username(), o.username()))
            .orElse(Set.of(brokerControl.hubCredentials().username()));
    this.clock = Clock.systemUTC();
  }

  /** A new token and its text, which is shown this once and never stored. */
  public record Issued(Enrollment enrollment, String token) {}

  /** What a gateway gets for its token; the password exists only in this answer. */
  public record Credentials(
      Enrollment enrollment,
      List<String> mqttUrls,
      String password,
      SiteKey siteKey,
      Optional<String> caCertificatePem,
      boolean rotated) {
    @Override
    public String toString() {
      return "Credentials[gateway=" + enrollment.gatewayId() + ", secrets=***]";
    }
  }

  public Issued create(
      Caller caller, String site, String room, String gatewayId, String expiresIn) {
    requireEnroller(caller);
    String siteCode = segment("site", site);
    caller.requireSite(siteCode);
    String roomId = segment("room", room);
    String id = gatewayId == null ? generatedGatewayId(roomId) : segment("gatewayId", gatewayId);
    if (reservedNames.contains(id)) {
      throw new InvalidQueryException(
          "gatewayId", id, "gatewayId '" + id + "' is the name of a hub MQTT user; choose another");
    }
    Optional<RegisteredGateway> existing = gateways.find(id);
    if (existing.isPresent() && !existing.get().site().equals(siteCode)) {
      throw new HttpStatusException(
          HttpStatus.CONFLICT,
          "gateway '" + id + "' is registered at another site; choose another gatewayId");
    }
    Duration lifetime = lifetime(expiresIn);
    Instant now = clock.instant();
    EnrollmentSecret secret = EnrollmentSecret.generate();
    Enrollment enrollment =
        store.create(secret, siteCode, roomId, id, caller.auditName(), now, now.plus(lifetime));
    audit.record(
        caller.auditName(),
        "enrollment.create",
        "enrollment:" + enrollment.id(),
        Set.of(siteCode),
        Map.of(
            "room",
            roomId,
            "gatewayId",
            id,
            "expiresAt",
            enrollment.expiresAt().toString(),
            "reEnrollment",
            existing.isPresent()));
    return new Issued(enrollment, secret.token());
  }

  /** Tokens not yet used, revoked or expired, in the caller's schools. */
  public List<Enrollment> pending(Caller caller) {
    requireEnroller(caller);
    return store.pending(clock.instant()).stream().filter(e -> caller.canSee(e.site())).toList();
  }

  public void revoke(Caller caller, String id) {
    requireEnroller(caller);
    Enrollment enrollment =
        store
            .find(id)
            .filter(e -> caller.canSee(e.site()))
            .orElseThrow(
                () ->
                    new HttpStatusException(
                        HttpStatus.NOT_FOUND, "no enrollment '" + id + "' in your schools"));
    if (!store.revoke(id, clock.instant())) {
      throw new HttpStatusException(
          HttpStatus.CONFLICT, "enrollment " + id + " is already used or revoked");
    }
    audit.record(
        caller.auditName(),
        "enrollment.revoke",
        "enrollment:" + id,
        Set.of(enrollment.site()),
        Map.of("room", enrollment.room(), "gatewayId", enrollment.gatewayId()));
  }

  /**
   * Exchanges a token for the gateway's credentials: the token is used up, the gateway's MQTT
   * password is (re)set, and the site key is created if the school has none yet.
   */
  public Credentials exchange(String token, String requestHost, String remoteAddress) {
    if (failures.blocked(remoteAddress, clock.instant())) {
      meters.exchange("rate_limited");
      throw new EnrollmentRefusedException(
          HttpStatus.TOO_MANY_REQUESTS,
          "too_many_attempts",
          "Too many refused enrollment attempts from this address; wait a minute and try again");
    }
    Optional<EnrollmentSecret> secret = EnrollmentSecret.parse(token);
    if (secret.isEmpty()) {
      throw refusedUnknown(remoteAddress, token == null || token.isBlank() ? "missing" : "format");
    }
    Claim claim = store.claim(secret.get(), clock.instant());
    if (claim instanceof Claim.Unknown) {
      throw refusedUnknown(remoteAddress, "unknown");
    }
    if (claim instanceof Claim.Refused refused) {
      throw refused(remoteAddress, refused);
    }
    Enrollment enrollment = ((Claim.Claimed) claim).enrollment();
    try {
      return enroll(enrollment, requestHost);
    } catch (RuntimeException e) {
      store.release(enrollment.id());
      meters.exchange("error");
      throw e;
    }
  }

  private Credentials enroll(Enrollment enrollment, String requestHost) {
    Optional<RegisteredGateway> existing = gateways.find(enrollment.gatewayId());
    if (existing.isPresent() && !existing.get().site().equals(enrollment.site())) {
      // Registered elsewhere since the token was made: enrolling would move it between schools.
      throw new EnrollmentRefusedException(
          HttpStatus.CONFLICT,
          "gateway_conflict",
          "Gateway '"
              + enrollment.gatewayId()
              + "' now belongs to another school; ask for a token with another gatewayId");
    }
    boolean rotated = existing.isPresent();
    String password = randomPassword();
    gateways.register(enrollment.gatewayId(), enrollment.site(), password);
    SiteKey siteKey = siteKeys.current(enrollment.site());
    Credentials credentials =
        new Credentials(
            enrollment,
            broker.urlsFor(requestHost),
            password,
            siteKey,
            broker.caCertificatePem(),
            rotated);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("room", enrollment.room());
    details.put("gatewayId", enrollment.gatewayId());
    details.put("passwordRotated", rotated);
    details.put("siteKeyId", siteKey.id());
    audit.record(
        "gateway:" + enrollment.gatewayId(),
        "enrollment.exchange",
        "enrollment:" + enrollment.id(),
        Set.of(enrollment.site()),
        details);
    meters.exchange("enrolled");
    LOG.info(
        "Gateway {} of site {} enrolled for room {}{}",
        enrollment.gatewayId(),
        enrollment.site(),
        enrollment.room(),
        rotated ? " (password rotated)" : "");
    return credentials;
  }

  private EnrollmentRefusedException refusedUnknown(String remoteAddress, String outcome) {
    failures.count(remoteAddress, clock.instant());
    meters.exchange("invalid_" + outcome);
    return new EnrollmentRefusedException(
        HttpStatus.UNAUTHORIZED,
        "invalid_token",
        "The enrollment token is not valid: check it was copied whole (it starts with cen_)");
  }

  private EnrollmentRefusedException refused(String remoteAddress, Claim.Refused refused) {
    failures.count(remoteAddress, clock.instant());
    Enrollment e = refused.enrollment();
    String outcome = refused.reason().name().toLowerCase(Locale.ROOT);
    meters.exchange(outcome);
    audit.record(
        "enrollment",
        "enrollment.refused",
        "enrollment:" + e.id(),
        Set.of(e.site()),
        Map.of("gatewayId", e.gatewayId(), "reason", outcome));
    String message =
        switch (refused.reason()) {
          case USED ->
              "This enrollment token was already used at "
                  + e.usedAt().orElseThrow()
                  + " (tokens work once); ask for a new one";
          case REVOKED -> "This enrollment token was revoked; ask for a new one";
          case EXPIRED ->
              "This enrollment token expired at " + e.expiresAt() + "; ask for a new one";
        };
    return new EnrollmentRefusedException(HttpStatus.GONE, "token_" + outcome, message);
  }

  private static void requireEnroller(Caller caller) {
    caller.require(caller.role().isAdmin() || caller.role() == Role.TECHNICIAN, "enroll gateways");
  }

  private static String segment(String field, String value) {
    try {
      return Topics.requireSegment(field, value == null ? "" : value.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidQueryException(field, value, e.getMessage());
    }
  }

  static Duration lifetime(String expiresIn) {
    if (expiresIn == null || expiresIn.isBlank()) {
      return DEFAULT_LIFETIME;
    }
    Duration lifetime = parseDuration(expiresIn.strip().toLowerCase(Locale.ROOT));
    if (lifetime == null || lifetime.compareTo(MIN_LIFETIME) < 0) {
      throw new InvalidQueryException(
          "expiresIn", expiresIn, "expiresIn must be a duration such as 30m, 24h, 7d or PT24H");
    }
    if (lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new InvalidQueryException(
          "expiresIn", expiresIn, "expiresIn is at most 7d (an unused token is a standing risk)");
    }
    return lifetime;
  }

  private static Duration parseDuration(String text) {
    Matcher match = SHORT_DURATION.matcher(text);
    if (match.matches()) {
      long amount = Long.parseLong(match.group(1));
      return switch (match.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(text.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String generatedGatewayId(String room) {
    byte[] suffix = new byte[2];
    RANDOM.nextBytes(suffix);
    String base = "gw-" + room.toLowerCase(Locale.ROOT);
    return base.substring(0, Math.min(base.length(), 59)) + "-" + HexFormat.of().formatHex(suffix);
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
