package io.campusedge.hub.internal.export;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code CampusEdge-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>} over
 * {@code t + "." + body} with the subscription's secret (its UTF-8 bytes) as key. A receiver
 * rejects a MAC that differs and a {@code t} further than the tolerance from its clock (replays).
 */
public final class WebhookSignature {
  public static final String HEADER = "CampusEdge-Signature";
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private WebhookSignature() {}

  public static String sign(String secret, Instant at, byte[] body) {
    long t = at.getEpochSecond();
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(secret, t, body));
  }

  /** Whether the header is a valid signature of the body, made within the tolerance of now. */
  public static boolean verify(
      String secret, String header, byte[] body, Instant now, Duration tolerance) {
    if (header == null) {
      return false;
    }
    Long t = null;
    byte[] given = null;
    for (String part : header.split(",")) {
      String[] pair = part.strip().split("=", 2);
      if (pair.length != 2) {
        continue;
      }
      try {
        if (pair[0].equals("t")) {
          t = Long.parseLong(pair[1]);
        } else if (pair[0].equals("v1")) {
          given = HexFormat.of().parseHex(pair[1]);
        }
      } catch (IllegalArgumentException malformed) {
        return false;
      }
    }
    if (t == null || given == null) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
      return false;
    }
    return MessageDigest.isEqual(given, mac(secret, t, body));
  }

  private static byte[] mac(String secret, long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }
}
