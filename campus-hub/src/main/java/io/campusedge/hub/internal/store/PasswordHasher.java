package io.campusedge.hub.internal.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** PBKDF2-HMAC-SHA256 password hashes with a random salt per credential. */
public final class PasswordHasher {
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int KEY_BITS = 256;

  private final SecureRandom random = new SecureRandom();
  private final int iterations;

  public PasswordHasher(int iterations) {
    this.iterations = iterations;
  }

  public PasswordHash hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return new PasswordHash(derive(password.toCharArray(), salt, iterations), salt, iterations);
  }

  /** Compares in constant time, so the answer's timing tells nothing about the stored hash. */
  public static boolean matches(byte[] passwordUtf8, PasswordHash stored) {
    char[] chars = utf8Chars(passwordUtf8);
    try {
      byte[] candidate = derive(chars, stored.salt(), stored.iterations());
      return MessageDigest.isEqual(candidate, stored.hash());
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  private static char[] utf8Chars(byte[] utf8) {
    CharBuffer buffer = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(utf8));
    char[] chars = new char[buffer.remaining()];
    buffer.get(chars);
    return chars;
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** A stored hash; text form is Base64 for the database columns. */
  public record PasswordHash(byte[] hash, byte[] salt, int iterations) {
    public String hashText() {
      return Base64.getEncoder().encodeToString(hash);
    }

    public String saltText() {
      return Base64.getEncoder().encodeToString(salt);
    }

    public static PasswordHash fromText(String hash, String salt, int iterations) {
      return new PasswordHash(
          Base64.getDecoder().decode(hash), Base64.getDecoder().decode(salt), iterations);
    }

    @Override
    public String toString() {
      return "PasswordHash[iterations=" + iterations + "]";
    }
  }
}
