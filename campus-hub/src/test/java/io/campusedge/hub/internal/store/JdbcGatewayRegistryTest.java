package io.campusedge.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.config.SecurityConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcGatewayRegistryTest {
  private JdbcGatewayRegistry registry;

  @BeforeEach
  void setUp() {
    registry = new JdbcGatewayRegistry(TestDatabase.migratedH2(), new SecurityConfig(10_000));
  }

  @Test
  void authenticatesWithTheRightPasswordOnly() {
    registry.register("gw1", "s1", "correct horse");

    assertThat(registry.authenticate("gw1", utf8("correct horse")))
        .contains(new RegisteredGateway("gw1", "s1"));
    assertThat(registry.authenticate("gw1", utf8("correct horsf"))).isEmpty();
    assertThat(registry.authenticate("gw2", utf8("correct horse"))).isEmpty();
  }

  @Test
  void registeringAgainReplacesSiteAndPassword() {
    registry.register("gw1", "s1", "old");

    registry.register("gw1", "s2", "new");

    assertThat(registry.authenticate("gw1", utf8("old"))).isEmpty();
    assertThat(registry.authenticate("gw1", utf8("new")))
        .contains(new RegisteredGateway("gw1", "s2"));
    assertThat(registry.find("gw1")).contains(new RegisteredGateway("gw1", "s2"));
  }

  @Test
  void passwordsAreStoredAsSaltedHashes() {
    PasswordHasher hasher = new PasswordHasher(10_000);

    var first = hasher.hash("same");
    var second = hasher.hash("same");

    assertThat(first.hashText()).isNotEqualTo(second.hashText());
    assertThat(first.hashText()).doesNotContain("same");
    assertThat(PasswordHasher.matches(utf8("same"), second)).isTrue();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
