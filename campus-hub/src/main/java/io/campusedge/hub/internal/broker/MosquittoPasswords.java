package io.campusedge.hub.internal.broker;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes in the format of Mosquitto 2's password file ({@code mosquitto_passwd}, hash type
 * 7): {@code $7$<iterations>$<base64 salt>$<base64 hash>}, PBKDF2-HMAC-SHA512 over a 12-byte salt,
 * 64 bytes out (Mosquitto 2.0 {@code apps/mosquitto_passwd}, {@code SALT_LEN} 12, default 101
 * iterations).
 */
final class MosquittoPasswords {
  static final int SALT_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private MosquittoPasswords() {}

  static String hash(String password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return hash(password, salt, iterations);
  }

  static String hash(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 512);
      byte[] derived =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
      spec.clearPassword();
      Base64.Encoder base64 = Base64.getEncoder();
      return "$7$"
          + iterations
          + "$"
          + base64.encodeToString(salt)
          + "$"
          + base64.encodeToString(derived);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA512 is not available in this JVM", e);
    }
  }
}
