package io.campusedge.hub.internal.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hub's key for secrets it must read back (site keys): AES-256-GCM, 96-bit random nonce,
 * 128-bit tag. From {@code campusedge.security.master-key} (base64 of 32 bytes), or generated once
 * into {@code {data-dir}/master.key}, readable by the hub's user only. Never logged.
 */
public final class MasterKey {
  static final String FILE_NAME = "master.key";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private MasterKey(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** A key given in configuration wins; else the file under the data directory (made if absent). */
  public static MasterKey load(Optional<String> configured, Path dataDir) {
    if (configured.isPresent() && !configured.get().isBlank()) {
      return new MasterKey(decode(configured.get(), "campusedge.security.master-key"));
    }
    return fromFile(dataDir.resolve(FILE_NAME));
  }

  static MasterKey of(byte[] key) {
    return new MasterKey(key.clone());
  }

  private static MasterKey fromFile(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      return new MasterKey(
          decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString()));
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot read or create the master key " + file + ": " + e.getMessage(), e);
    }
  }

  // Created with owner-only permissions from the start: no moment where others may read it.
  private static void create(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    byte[] text = Base64.getEncoder().encode(key);
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(owner));
      } else {
        Files.createFile(file);
      }
      Files.write(file, text, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException otherHubWasFirst) {
      // Another hub process on the same data directory made it; read theirs.
    }
  }

  private static byte[] decode(String base64, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " is not base64 (expected 32 random bytes)");
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          source
              + " holds "
              + key.length
              + " bytes; it must be 32 (e.g. head -c 32 /dev/urandom | base64)");
    }
    return key;
  }

  /** A sealed secret: nonce and ciphertext with its tag. */
  public record Sealed(byte[] nonce, byte[] ciphertext) {
    @Override
    public String toString() {
      return "Sealed[" + ciphertext.length + " bytes]";
    }
  }

  public Sealed seal(byte[] plaintext, String associatedData) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return new Sealed(nonce, cipher.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /** Throws if the data was sealed under another key or for other associated data. */
  public byte[] open(Sealed sealed, String associatedData) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed.ciphertext());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "A sealed secret for "
              + associatedData
              + " cannot be opened: was campusedge.security.master-key (or master.key) changed?",
          e);
    }
  }

  @Override
  public String toString() {
    return "MasterKey[***]";
  }
}
