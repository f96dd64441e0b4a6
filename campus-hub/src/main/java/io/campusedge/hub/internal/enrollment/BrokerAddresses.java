package io.campusedge.hub.internal.enrollment;

import io.campusedge.hub.internal.broker.BrokerControl;
import io.campusedge.hub.internal.config.BrokerConfig;
import io.campusedge.hub.internal.config.BrokerTlsConfig;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What an enrolled gateway is told about the broker: its URLs and, with TLS, the certificate to
 * trust. URLs come from {@code campusedge.enrollment.broker-urls} when set; otherwise they use the
 * host name the gateway reached the hub by (the broker is embedded in the hub), TLS first.
 */
@Singleton
public class BrokerAddresses {
  private final BrokerConfig broker;
  private final Optional<BrokerTlsConfig> tls;
  private final BrokerControl control;
  private final List<String> configured;
  private volatile Optional<String> caPem;

  public BrokerAddresses(
      BrokerConfig broker,
      Optional<BrokerTlsConfig> tls,
      BrokerControl control,
      @Nullable @Value("${campusedge.enrollment.broker-urls:}") List<String> configured) {
    this.broker = broker;
    this.tls = tls;
    this.control = control;
    this.configured =
        configured == null
            ? List.of()
            : configured.stream().map(String::strip).filter(url -> !url.isEmpty()).toList();
    for (String url : this.configured) {
      if (!url.startsWith("tcp://") && !url.startsWith("ssl://")) {
        throw new IllegalArgumentException(
            "campusedge.enrollment.broker-urls entry '"
                + url
                + "' must start with tcp:// or ssl:// (e.g. ssl://hub.school.local:8883)");
      }
    }
  }

  /** Broker URLs for a gateway that reached the hub at {@code requestHost} (may be empty). */
  public List<String> urlsFor(String requestHost) {
    if (!configured.isEmpty()) {
      return configured;
    }
    if (!broker.embedded()) {
      return List.of(broker.url().toString());
    }
    String host = hostOnly(requestHost);
    List<String> urls = new ArrayList<>();
    tls.ifPresent(listener -> urls.add("ssl://" + host + ":" + listener.port()));
    if (broker.plainEnabled()) {
      urls.add("tcp://" + host + ":" + control.port());
    }
    return Collections.unmodifiableList(urls);
  }

  /** The top certificate of the TLS listener's chain, PEM; empty without TLS. */
  public Optional<String> caCertificatePem() {
    if (tls.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> known = caPem;
    if (known == null) {
      known = Optional.of(readCa(tls.get()));
      caPem = known;
    }
    return known;
  }

  private static String readCa(BrokerTlsConfig listener) {
    try (InputStream in = Files.newInputStream(listener.keystore())) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(in, listener.keystorePassword().toCharArray());
      for (String alias : Collections.list(store.aliases())) {
        Certificate[] chain = store.getCertificateChain(alias);
        if (chain != null && chain.length > 0) {
          return pem(chain[chain.length - 1]);
        }
      }
      throw new IllegalStateException(
          "campusedge.broker.tls.keystore-path holds no key entry with a certificate chain");
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "Cannot read the broker certificate from campusedge.broker.tls.keystore-path: " + e, e);
    }
  }

  private static String pem(Certificate certificate) throws GeneralSecurityException {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(certificate.getEncoded());
    return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
  }

  // "hub.school.local:8443" -> "hub.school.local"; "[fd00::1]:8443" -> "[fd00::1]"
  static String hostOnly(String requestHost) {
    if (requestHost == null || requestHost.isBlank()) {
      return "localhost";
    }
    String host = requestHost.strip();
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }
}
