package io.campusedge.hub.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How the hub stores the random secrets it hands out once (API tokens, enrollment tokens): the
 * SHA-256 of the secret, compared in constant time. A 256-bit random secret needs no salt or slow
 * hash; those are for passwords people choose.
 */
public final class SecretDigests {
  private SecretDigests() {}

  public static String sha256Hex(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** Constant time, so the answer's timing tells nothing about the stored hash. */
  public static boolean matches(String secret, String storedSha256) {
    return MessageDigest.isEqual(
        sha256Hex(secret).getBytes(StandardCharsets.US_ASCII),
        storedSha256.getBytes(StandardCharsets.US_ASCII));
  }
}
