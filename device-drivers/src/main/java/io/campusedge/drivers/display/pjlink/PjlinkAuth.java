package io.campusedge.drivers.display.pjlink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * PJLink authentication (JBMIA PJLink Class 1 v1.04 and Class 2 v2.00, security section): the
 * projector greets with {@code PJLINK 1 <random>}; the controller sends the MD5 of random +
 * password, as 32 lower-case hex characters, in front of its first command.
 */
public final class PjlinkAuth {
  private PjlinkAuth() {}

  public static String digest(String random, String password) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      byte[] hash = md5.digest((random + password).getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every Java 17 runtime", e);
    }
  }
}
