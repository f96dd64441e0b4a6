package io.campusedge.drivers.api;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The school's card-hashing key, provisioned to each gateway. Card readers turn a card UID into
 * {@code HMAC-SHA256(key, UID)} with it, so the UID itself never leaves the gateway. The key is
 * never printed.
 */
public final class SiteKey {
  private static final String HMAC = "HmacSHA256";
  private final String id;
  private final SecretKeySpec key;

  public SiteKey(String id, byte[] key) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("site key needs an id (e.g. k1) so keys can be rotated");
    }
    if (key == null || key.length < 16) {
      throw new IllegalArgumentException("site key '" + id + "' must be at least 16 bytes");
    }
    this.id = id;
    this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), HMAC);
  }

  public String id() {
    return id;
  }

  /** HMAC-SHA256 of the UID bytes as read from the card (32 bytes). */
  public byte[] reference(byte[] uid) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(uid);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
    }
  }

  @Override
  public String toString() {
    return "SiteKey[id=" + id + ", key=****]";
  }
}
