package io.campusedge.hub.internal.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bearer text of an API token, {@code ce_<id>_<secret>}: the id finds the row, the secret (256
 * random bits) is checked against its stored SHA-256. The prefix tells it from a JWT at a glance.
 */
public record ApiTokenSecret(String id, String secret) {
  private static final Pattern FORMAT = Pattern.compile("ce_([a-z0-9]{16})_([A-Za-z0-9_-]{43})");
  private static final SecureRandom RANDOM = new SecureRandom();

  public static ApiTokenSecret generate() {
    byte[] id = new byte[8];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    return new ApiTokenSecret(
        HexFormat.of().formatHex(id),
        Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  public static Optional<ApiTokenSecret> parse(String bearer) {
    Matcher match = FORMAT.matcher(bearer);
    return match.matches()
        ? Optional.of(new ApiTokenSecret(match.group(1), match.group(2)))
        : Optional.empty();
  }

  public String bearer() {
    return "ce_" + id + "_" + secret;
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
    return "ApiTokenSecret[id=" + id + "]";
  }
}
