package io.campusedge.hub.internal.enrollment;

import io.campusedge.hub.internal.security.SecretDigests;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of an enrollment token, {@code cen_<id>_<secret>}: the id finds the row, the secret (256
 * random bits) is checked against its stored SHA-256. Its own prefix keeps it apart from API tokens
 * ({@code ce_}), so it never authenticates an API request.
 */
public record EnrollmentSecret(String id, String secret) {
  private static final Pattern FORMAT = Pattern.compile("cen_([a-z0-9]{16})_([A-Za-z0-9_-]{43})");
  private static final SecureRandom RANDOM = new SecureRandom();

  public static EnrollmentSecret generate() {
    byte[] id = new byte[8];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    return new EnrollmentSecret(
        HexFormat.of().formatHex(id),
        Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  public static Optional<EnrollmentSecret> parse(String token) {
    if (token == null) {
      return Optional.empty();
    }
    Matcher match = FORMAT.matcher(token.strip());
    return match.matches()
        ? Optional.of(new EnrollmentSecret(match.group(1), match.group(2)))
        : Optional.empty();
  }

  public String token() {
    return "cen_" + id + "_" + secret;
  }

  public String sha256() {
    return SecretDigests.sha256Hex(secret);
  }

  /** Constant time, so the answer's timing tells nothing about the stored hash. */
  public boolean matches(String storedSha256) {
    return SecretDigests.matches(secret, storedSha256);
  }

  @Override
  public String toString() {
    return "EnrollmentSecret[id=" + id + "]";
  }
}
