package io.campusedge.agent.internal.uplink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with the JDK's keytool: a CA, a broker certificate for 127.0.0.1 and a
 * client certificate, as JKS stores for HiveMQ and PEM files for the agent.
 */
final class TestCertificates {
  static final String PASSWORD = "changeit";
  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  static TestCertificates create(Path dir) throws Exception {
    Files.createDirectories(dir);
    TestCertificates pki = new TestCertificates(dir);
    pki.generate();
    return pki;
  }

  Path caPem() {
    return dir.resolve("ca.pem");
  }

  Path brokerKeystore() {
    return dir.resolve("broker.jks");
  }

  Path brokerTruststore() {
    return dir.resolve("truststore.jks");
  }

  Path clientCertPem() {
    return dir.resolve("client.pem");
  }

  Path clientKeyPem() {
    return dir.resolve("client-key.pem");
  }

  private void generate() throws Exception {
    keypair("ca.jks", "ca", "CN=CampusEdge Test CA", "bc:c");
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.jks", "-file", "ca.pem");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        "ca.pem",
        "-keystore",
        "truststore.jks");
    signed("broker", "CN=127.0.0.1", "SAN=ip:127.0.0.1,dns:localhost");
    signed("client", "CN=gw-tls", null);
    writeClientKey();
  }

  private void signed(String name, String dname, String san) throws Exception {
    String store = name + ".jks";
    keypair(store, name, dname, null);
    keytool("-certreq", "-alias", name, "-keystore", store, "-file", name + ".csr");
    List<String> gencert =
        new ArrayList<>(
            List.of(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                "ca.jks",
                "-infile",
                name + ".csr",
                "-outfile",
                name + ".pem"));
    if (san != null) {
      gencert.addAll(List.of("-ext", san));
    }
    keytool(gencert.toArray(String[]::new));
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", store);
    keytool("-importcert", "-alias", name, "-file", name + ".pem", "-keystore", store);
  }

  private void keypair(String store, String alias, String dname, String ext) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                dname,
                "-validity",
                "2",
                "-keystore",
                store));
    if (ext != null) {
      args.addAll(List.of("-ext", ext));
    }
    keytool(args.toArray(String[]::new));
  }

  /** keytool cannot export a private key; the JDK's KeyStore gives its PKCS#8 encoding. */
  private void writeClientKey() throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("JKS");
    try (InputStream in = Files.newInputStream(dir.resolve("client.jks"))) {
      store.load(in, PASSWORD.toCharArray());
    }
    Key key = store.getKey("client", PASSWORD.toCharArray());
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    Files.writeString(
        clientKeyPem(), "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
  }

  private void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass", PASSWORD, "-storetype", "JKS"));
    if (args[0].equals("-genkeypair")) {
      command.addAll(List.of("-keypass", PASSWORD));
    }
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "keytool " + args[0] + " failed: " + new String(output, StandardCharsets.UTF_8));
    }
  }
}
