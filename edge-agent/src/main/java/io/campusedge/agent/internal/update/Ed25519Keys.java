package io.campusedge.agent.internal.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 (RFC 8032) with the JDK's own provider: keys as PEM, the private key PKCS#8 ({@code BEGIN
 * PRIVATE KEY}), the public key X.509 SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}), as {@code
 * openssl genpkey -algorithm ed25519} writes them.
 */
public final class Ed25519Keys {
  public static final String ALGORITHM = "Ed25519";

  private Ed25519Keys() {}

  public static KeyPair generate() throws GeneralSecurityException {
    return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
  }

  public static String privatePem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  public static String publicPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  public static PublicKey readPublic(Path file) throws IOException, GeneralSecurityException {
    byte[] der = der(file, "PUBLIC KEY");
    return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
  }

  public static PrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
    byte[] der = der(file, "PRIVATE KEY");
    return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  public static byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
    Signature signature = Signature.getInstance(ALGORITHM);
    signature.initSign(key);
    signature.update(data);
    return signature.sign();
  }

  /** False for a wrong key, changed data or a malformed signature; never throws for bad input. */
  public static boolean verify(PublicKey key, byte[] data, byte[] signatureBytes) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initVerify(key);
      signature.update(data);
      return signature.verify(signatureBytes);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] der(Path file, String type) throws IOException, GeneralSecurityException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher m =
        Pattern.compile(
                "-----BEGIN " + type + "-----([A-Za-z0-9+/=\\s]+)-----END " + type + "-----")
            .matcher(text);
    if (!m.find()) {
      throw new GeneralSecurityException(
          file + ": not a PEM file with '-----BEGIN " + type + "-----' (an Ed25519 key)");
    }
    try {
      return Base64.getMimeDecoder().decode(m.group(1));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException(file + ": the PEM body is not base64");
    }
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
