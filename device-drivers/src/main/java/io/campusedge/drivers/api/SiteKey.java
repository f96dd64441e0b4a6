package io.campusedge.drivers.api;

import io.campusedge.protos.v1.CardReferences;
import java.util.Arrays;

/**
 * The school's card-hashing key, provisioned to each gateway. Card readers turn a card UID into
 * {@code HMAC-SHA256(key, UID)} with it, so the UID itself never leaves the gateway. The key is
 * never printed.
 */
public final class SiteKey {
  private final String id;
  private final byte[] key;

  public SiteKey(String id, byte[] key) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("site key needs an id (e.g. k1) so keys can be rotated");
    }
    if (key == null || key.length < 16) {
      throw new IllegalArgumentException("site key '" + id + "' must be at least 16 bytes");
    }
    this.id = id;
    this.key = Arrays.copyOf(key, key.length);
  }

  public String id() {
    return id;
  }

  /** HMAC-SHA256 of the UID bytes as read from the card (32 bytes): {@link CardReferences}. */
  public byte[] reference(byte[] uid) {
    return CardReferences.of(key, uid);
  }

  @Override
  public String toString() {
    return "SiteKey[id=" + id + ", key=****]";
  }
}
