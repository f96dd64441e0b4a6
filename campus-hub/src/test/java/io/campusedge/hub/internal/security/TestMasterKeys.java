package io.campusedge.hub.internal.security;

import java.security.SecureRandom;

/** Master keys for store tests outside this package. */
public final class TestMasterKeys {
  private TestMasterKeys() {}

  public static MasterKey random() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return MasterKey.of(key);
  }
}
