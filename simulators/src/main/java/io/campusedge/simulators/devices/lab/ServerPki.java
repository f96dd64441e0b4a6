package io.campusedge.simulators.devices.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;

/**
 * The simulator's application instance certificate and trust list for its Basic256Sha256 endpoint
 * (OPC 10000-4 §6.1, OPC 10000-12 §F.1 directory layout as Milo's file trust list keeps it):
 *
 * <ul>
 *   <li>{@code own/server.der}: the server's self-signed RSA 2048 certificate, made when the
 *       simulator object is first started and kept across {@code stop()}/{@code start()} (a new
 *       process makes a new one). A gateway must have it in its own trust list.
 *   <li>{@code trusted/certs/}: client certificates the server accepts (re-read on change).
 *   <li>{@code rejected/}: client certificates the server refused, to be moved to trusted/certs.
 * </ul>
 */
final class ServerPki {
  static final String APPLICATION_URI = "urn:campusedge:simulators:lab-instrument-server";

  private final Path dir;
  // Survives restarts of the server within this process, like the key file of a real instrument.
  private final MemoryCertificateStore store = new MemoryCertificateStore();
  private FileBasedTrustListManager trustList;
  private DefaultApplicationGroup group;

  ServerPki(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  Path trustedCerts() {
    return dir.resolve("trusted").resolve("certs");
  }

  Path rejected() {
    return dir.resolve("rejected");
  }

  Path ownCertificate() {
    return dir.resolve("own").resolve("server.der");
  }

  /** Opens the trust list (watched for changes) and makes or loads the server's certificate. */
  CertificateManager open() throws Exception {
    trustList = FileBasedTrustListManager.createAndInitialize(dir);
    FileBasedCertificateQuarantine quarantine = FileBasedCertificateQuarantine.create(rejected());
    group =
        DefaultApplicationGroup.createAndInitialize(
            trustList,
            store,
            new SelfSigned(),
            new DefaultServerCertificateValidator(trustList, quarantine));
    Files.createDirectories(ownCertificate().getParent());
    Files.write(ownCertificate(), certificate().getEncoded());
    return new DefaultCertificateManager(quarantine, group);
  }

  X509Certificate certificate() {
    return group.getCertificateChain(NodeIds.RsaSha256ApplicationCertificateType)
        .orElseThrow(() -> new IllegalStateException("the server certificate was not made"))[0];
  }

  void close() {
    if (trustList != null) {
      try {
        trustList.close();
      } catch (IOException e) {
        // Only the directory watcher stops here; nothing to save.
      }
      trustList = null;
    }
  }

  List<X509Certificate> trustedClients() {
    return trustList == null ? List.of() : trustList.getTrustedCertificates();
  }

  /** A self-signed certificate with the fields OPC 10000-6 §6.2.2 asks of an application. */
  private static final class SelfSigned extends RsaSha256CertificateFactory {
    @Override
    protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
      X509Certificate cert =
          new SelfSignedCertificateBuilder(keyPair)
              .setCommonName("CampusEdge lab instrument simulator")
              .setOrganization("CampusEdge")
              .setApplicationUri(APPLICATION_URI)
              .addDnsName("localhost")
              .addIpAddress("127.0.0.1")
              .setValidityPeriod(Period.ofYears(2))
              .build();
      return new X509Certificate[] {cert};
    }
  }
}
