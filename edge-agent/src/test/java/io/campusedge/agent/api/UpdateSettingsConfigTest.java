package io.campusedge.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.agent.internal.update.Ed25519Keys;
import io.campusedge.drivers.api.DriverRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateSettingsConfigTest {
  private static final String BASE =
      """
      site: THPT-NGUYENTRAI-HN
      gatewayId: gw-a101
      dataDir: /var/lib/campusedge
      broker:
        url: tcp://localhost:1883
      rooms:
        - id: A101
      """;

  @TempDir Path dir;
  private final AgentConfigLoader loader = new AgentConfigLoader(DriverRegistry.load());

  private AgentConfig parse(String yaml) throws ConfigException {
    return loader.parse(BASE + yaml, "agent.yaml", dir);
  }

  @Test
  void withoutAnUpdateSectionUpdatesAreOff() throws ConfigException {
    AgentConfig config = parse("");

    assertThat(config.update()).isEqualTo(AgentConfig.UpdateSettings.DISABLED);
    assertThat(config.update().enabled()).isFalse();
    assertThat(config.versionsDir()).isEqualTo(Path.of("/var/lib/campusedge/versions"));
  }

  @Test
  void readsTheTrustedKeysAndLimits() throws Exception {
    KeyPair release = Ed25519Keys.generate();
    Files.createDirectories(dir.resolve("update-keys"));
    Files.writeString(
        dir.resolve("update-keys/release.pub"), Ed25519Keys.publicPem(release.getPublic()));

    AgentConfig config =
        parse(
            """
            update:
              trustedKeys: [update-keys/release.pub]
              confirmWithin: 15m
              maxAttempts: 2
              maxBundleSize: 64MiB
              downloadTimeout: 2m
            """);

    assertThat(config.update().trustedKeys()).containsExactly(release.getPublic());
    assertThat(config.update().confirmWithin()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.update().maxAttempts()).isEqualTo(2);
    assertThat(config.update().maxBundleBytes()).isEqualTo(64L << 20);
    assertThat(config.update().downloadTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.update().allowInsecureHttp()).isFalse();
  }

  @Test
  void aKeyFileThatIsNotAnEd25519PublicKeyIsReportedWithItsLine() throws Exception {
    Files.writeString(dir.resolve("wrong.pub"), "-----BEGIN CERTIFICATE-----\nAAAA\n");

    assertThatThrownBy(
            () ->
                parse(
                    """
                    update:
                      trustedKeys:
                        - missing.pub
                        - wrong.pub
                      maxAttempts: 0
                      confirmWithin: soon
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "agent.yaml line 10: update.trustedKeys[0] 'missing.pub' cannot be read")
        .hasMessageContaining(
            "agent.yaml line 11: update.trustedKeys[1] is not an Ed25519 public key")
        .hasMessageContaining("line 12: update.maxAttempts must be 1-9")
        .hasMessageContaining("line 13: update.confirmWithin 'soon' must be a duration");
  }
}
