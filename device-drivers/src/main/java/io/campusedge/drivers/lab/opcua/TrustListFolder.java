package io.campusedge.drivers.lab.opcua;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;

/**
 * The gateway's trust list for server certificates, as a folder a technician can manage by hand
 * (the layout of OPC 10000-12 §F.1's directory store, reduced to what a gateway needs): a server
 * certificate is accepted only when the same certificate (DER or PEM) is in {@code trusted/}; an
 * unknown one is written to {@code rejected/<thumbprint>.der} and the connection is refused with a
 * message that says to move it.
 */
final class TrustListFolder implements CertificateValidator {
  private final Path trusted;
  private final Path rejected;

  TrustListFolder(Path root) {
    this.trusted = root.resolve("trusted");
    this.rejected = root.resolve("rejected");
  }

  @Override
  public void validateCertificateChain(
      List<X509Certificate> chain, String applicationUri, String[] validHostNames)
      throws UaException {
    if (chain == null || chain.isEmpty()) {
      throw new UaException(StatusCodes.Bad_SecurityChecksFailed, "the server sent no certificate");
    }
    X509Certificate server = chain.get(0);
    byte[] der = der(server);
    if (!isTrusted(der)) {
      Path saved = reject(der);
      throw new UaException(
          StatusCodes.Bad_CertificateUntrusted,
          "server certificate '"
              + server.getSubjectX500Principal().getName()
              + "' (SHA-1 "
              + thumbprint(der)
              + ") is not trusted; it was saved as "
              + saved
              + ": move it to "
              + trusted
              + " to trust this server");
    }
    try {
      server.checkValidity();
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new UaException(
          StatusCodes.Bad_CertificateTimeInvalid,
          "trusted server certificate '"
              + server.getSubjectX500Principal().getName()
              + "' is outside its validity period: "
              + e.getMessage());
    }
  }

  private boolean isTrusted(byte[] der) throws UaException {
    if (!Files.isDirectory(trusted)) {
      return false;
    }
    try (Stream<Path> files = Files.list(trusted)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        for (X509Certificate c : CertificateUtil.decodeCertificates(Files.readAllBytes(file))) {
          if (MessageDigest.isEqual(der(c), der)) {
            return true;
          }
        }
      }
      return false;
    } catch (IOException e) {
      throw new UaException(
          StatusCodes.Bad_SecurityChecksFailed, "cannot read trust list " + trusted + ": " + e);
    } catch (UaException e) {
      // A file that is not a certificate (a README, a half-copied file) does not trust anything.
      return false;
    }
  }

  private Path reject(byte[] der) throws UaException {
    Path file = rejected.resolve(thumbprint(der) + ".der");
    try {
      Files.createDirectories(rejected);
      Files.createDirectories(trusted);
      Files.write(file, der);
      return file;
    } catch (IOException e) {
      throw new UaException(
          StatusCodes.Bad_CertificateUntrusted,
          "server certificate is not trusted and cannot be saved to " + rejected + ": " + e);
    }
  }

  static String thumbprint(byte[] der) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-1", e);
    }
  }

  private static byte[] der(X509Certificate c) throws UaException {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new UaException(StatusCodes.Bad_CertificateInvalid, "certificate: " + e);
    }
  }
}
