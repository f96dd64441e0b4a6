package io.campusedge.agent.internal.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.agent.api.AgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {
  private static final String SECRET_BODY =
      "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu";

  @TempDir Path dir;

  @Test
  void withoutFilesTheJvmTrustStoreIsUsed() throws Exception {
    SSLContext context = TlsContexts.build(AgentConfig.TlsFiles.NONE);

    assertThat(context.getSocketFactory()).isNotNull();
  }

  @Test
  void aPkcs1KeyIsRejectedWithHowToConvertItAndWithoutItsContents() throws Exception {
    Path cert = dir.resolve("ca.pem");
    Files.writeString(cert, "not a certificate");
    Path key = dir.resolve("client-key.pem");
    Files.writeString(
        key,
        "-----BEGIN RSA PRIVATE KEY-----\n" + SECRET_BODY + "\n-----END RSA PRIVATE KEY-----\n");
    Path realCa = TestCertificates.create(dir.resolve("pki")).caPem();
    AgentConfig.TlsFiles files =
        new AgentConfig.TlsFiles(Optional.of(realCa), Optional.of(realCa), Optional.of(key));

    assertThatThrownBy(() -> TlsContexts.build(files))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("openssl pkcs8 -topk8")
        .hasMessageContaining(key.toString())
        .message()
        .doesNotContain(SECRET_BODY);
  }

  @Test
  void aCaFileWithoutACertificateIsRejected() throws Exception {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, "");
    AgentConfig.TlsFiles files =
        new AgentConfig.TlsFiles(Optional.of(ca), Optional.empty(), Optional.empty());

    assertThatThrownBy(() -> TlsContexts.build(files)).isInstanceOf(GeneralSecurityException.class);
  }
}
