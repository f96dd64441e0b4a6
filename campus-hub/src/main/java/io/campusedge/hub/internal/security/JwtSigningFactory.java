package io.campusedge.hub.internal.security;

import io.campusedge.hub.internal.config.HubConfig;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key that signs access tokens when {@code
 * micronaut.security.token.jwt.signatures.secret.generator.secret} is not configured: 256 random
 * bits kept in {@code {data-dir}/jwt-secret} (owner-only), so tokens survive a restart. Hubs that
 * share one database behind a load balancer need the configured secret instead.
 */
@Factory
public class JwtSigningFactory {
  static final String SECRET_PROPERTY =
      "micronaut.security.token.jwt.signatures.secret.generator.secret";
  static final String FILE_NAME = "jwt-secret";

  @Singleton
  @Named("generator")
  @Requires(missingProperty = SECRET_PROPERTY)
  SecretSignature generatedSecret(HubConfig hub) {
    SecretSignatureConfiguration config = new SecretSignatureConfiguration("generator");
    config.setSecret(loadOrCreate(hub.dataPath().resolve(FILE_NAME)));
    return new SecretSignature(config);
  }

  static String loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return read(file);
      }
      Files.createDirectories(file.getParent());
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      String secret = Base64.getEncoder().encodeToString(key);
      try {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
          Files.createFile(file);
        }
      } catch (FileAlreadyExistsException raced) {
        return read(file);
      }
      Files.writeString(file, secret, StandardCharsets.US_ASCII);
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read or create the token signing key "
              + file
              + " ("
              + e.getMessage()
              + "); check the data directory's permissions or set "
              + SECRET_PROPERTY,
          e);
    }
  }

  private static String read(Path file) throws IOException {
    String secret = Files.readString(file, StandardCharsets.US_ASCII).strip();
    if (secret.length() < 32) {
      throw new IOException("the file holds fewer than 32 characters; delete it to make a new one");
    }
    return secret;
  }
}
