package io.campusedge.drivers.lab.opcua;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads the gateway's application certificate (PEM or DER) and its PKCS#8 PEM RSA key. */
final class PemFiles {
  private PemFiles() {}

  static X509Certificate certificate(Path file) throws IOException, GeneralSecurityException {
    try (var in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  static PrivateKey rsaKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("ENCRYPTED")) {
      throw new GeneralSecurityException(
          file
              + " is a PKCS#1 or encrypted key; convert it with"
              + " 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem'");
    }
    String body =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(body);
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
  }
}
