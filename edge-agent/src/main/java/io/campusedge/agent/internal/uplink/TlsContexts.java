package io.campusedge.agent.internal.uplink;

import io.campusedge.agent.api.AgentConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the uplink's {@link SSLContext} from PEM files, with the JDK alone (no BouncyCastle). */
public final class TlsContexts {
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final char[] IN_MEMORY = new char[0];

  private TlsContexts() {}

  /** Throws with a message that names the file and what is wrong with it. */
  public static SSLContext build(AgentConfig.TlsFiles files)
      throws GeneralSecurityException, IOException {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(files.caFile().isPresent() ? trustStore(files.caFile().get()) : null);
    KeyManagerFactory keys = null;
    if (files.clientCertFile().isPresent() && files.clientKeyFile().isPresent()) {
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore(files.clientCertFile().get(), files.clientKeyFile().get()), IN_MEMORY);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  private static KeyStore trustStore(Path caFile) throws GeneralSecurityException, IOException {
    Collection<? extends Certificate> cas = certificates(caFile);
    KeyStore store = emptyStore();
    int i = 0;
    for (Certificate ca : cas) {
      store.setCertificateEntry("ca-" + i++, ca);
    }
    return store;
  }

  private static KeyStore keyStore(Path certFile, Path keyFile)
      throws GeneralSecurityException, IOException {
    Certificate[] chain = certificates(certFile).toArray(Certificate[]::new);
    KeyStore store = emptyStore();
    store.setKeyEntry("client", privateKey(keyFile), IN_MEMORY, chain);
    return store;
  }

  private static Collection<? extends Certificate> certificates(Path file)
      throws GeneralSecurityException, IOException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new GeneralSecurityException(file + " holds no PEM certificate");
      }
      return certificates;
    }
  }

  /** PKCS#8 ({@code BEGIN PRIVATE KEY}) only; the key's contents never reach a message. */
  private static PrivateKey privateKey(Path file) throws GeneralSecurityException, IOException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    Optional<byte[]> der = pkcs8(pem);
    if (der.isEmpty()) {
      throw new GeneralSecurityException(
          file
              + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with"
              + " 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem'");
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der.get());
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException(file + ": the key is neither RSA, EC nor Ed25519");
  }

  private static Optional<byte[]> pkcs8(String pem) {
    Matcher matcher = PKCS8.matcher(pem);
    if (!matcher.find()) {
      return Optional.empty();
    }
    return Optional.of(Base64.getMimeDecoder().decode(matcher.group(1)));
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }
}
