package io.campusedge.hub.internal.security;

import java.util.Base64;

/** A school's card-hashing key: gateways send {@code HMAC-SHA256(key, card UID)}. */
public record SiteKey(String site, String id, byte[] key) {
  public SiteKey {
    key = key.clone();
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  public String keyBase64() {
    return Base64.getEncoder().encodeToString(key);
  }

  @Override
  public String toString() {
    return "SiteKey[site=" + site + ", id=" + id + ", key=***]";
  }
}
