package io.campusedge.hub.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.config.ObserverSeed;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.campusedge.hub.internal.store.RegisteredGateway;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MqttUsersTest {
  private final FakeRegistry registry = new FakeRegistry();
  private final MqttUsers users =
      new MqttUsers(
          new MqttCredentials("$hub", "hub-secret"),
          Optional.of(new ObserverSeed("watcher", "look")),
          registry);

  @Test
  void knowsTheHubTheObserverAndGateways() {
    registry.register("gw1", "s1", "pw");

    assertThat(users.authenticate(Optional.of("$hub"), utf8("hub-secret")))
        .contains(new MqttPrincipal.Hub());
    assertThat(users.authenticate(Optional.of("watcher"), utf8("look")))
        .contains(new MqttPrincipal.Observer());
    assertThat(users.authenticate(Optional.of("gw1"), utf8("pw")))
        .contains(new MqttPrincipal.Gateway("gw1", "s1"));
  }

  @Test
  void refusesAnonymousUnknownAndWrongPasswords() {
    registry.register("gw1", "s1", "pw");

    assertThat(users.authenticate(Optional.empty(), Optional.empty())).isEmpty();
    assertThat(users.authenticate(Optional.of("gw1"), Optional.empty())).isEmpty();
    assertThat(users.authenticate(Optional.of("gw1"), utf8("PW"))).isEmpty();
    assertThat(users.authenticate(Optional.of("$hub"), utf8("guess"))).isEmpty();
    assertThat(users.authenticate(Optional.of("watcher"), utf8("hub-secret"))).isEmpty();
    assertThat(users.authenticate(Optional.of("nobody"), utf8("pw"))).isEmpty();
  }

  @Test
  void aGatewayMayOnlyUseItsOwnTopics() {
    assertThat(TopicRule.of(new MqttPrincipal.Gateway("gw1", "s1")))
        .extracting(rule -> rule.activity() + " " + rule.filter())
        .containsExactlyInAnyOrder(
            "PUBLISH campusedge/v1/s1/gw1/data",
            "PUBLISH campusedge/v1/s1/gw1/state",
            "PUBLISH campusedge/v1/s1/gw1/cmd/result",
            "SUBSCRIBE campusedge/v1/s1/gw1/ack",
            "SUBSCRIBE campusedge/v1/s1/gw1/cmd");
  }

  @Test
  void interopNamespacesAddRulesForTheirGatewaysAndTheHubOnly() {
    ForeignTopicAccess sparkplug =
        new ForeignTopicAccess() {
          @Override
          public List<String> publishFilters(String gatewayId) {
            return gatewayId.equals("gw1") ? List.of("spBv1.0/g/NDATA/n1") : List.of();
          }

          @Override
          public List<String> subscribeFilters(String gatewayId) {
            return gatewayId.equals("gw1") ? List.of("spBv1.0/g/NCMD/n1") : List.of();
          }

          @Override
          public List<String> hubFilters() {
            return List.of("spBv1.0/#");
          }
        };
    MqttUsers withSparkplug =
        new MqttUsers(
            new MqttCredentials("$hub", "hub-secret"),
            Optional.empty(),
            registry,
            List.of(sparkplug));

    assertThat(withSparkplug.rules(new MqttPrincipal.Gateway("gw1", "s1")))
        .extracting(rule -> rule.activity() + " " + rule.filter())
        .contains("PUBLISH spBv1.0/g/NDATA/n1", "SUBSCRIBE spBv1.0/g/NCMD/n1")
        .doesNotContain("ALL spBv1.0/#");
    assertThat(withSparkplug.rules(new MqttPrincipal.Gateway("gw2", "s1")))
        .extracting(TopicRule::filter)
        .noneMatch(filter -> filter.startsWith("spBv1.0"));
    assertThat(withSparkplug.rules(new MqttPrincipal.Hub()))
        .contains(new TopicRule("spBv1.0/#", TopicRule.Activity.ALL, TopicRule.Sharing.NOT_SHARED));
    assertThat(withSparkplug.rules(new MqttPrincipal.Observer()))
        .extracting(TopicRule::filter)
        .noneMatch(filter -> filter.startsWith("spBv1.0"));
  }

  @Test
  void theObserverMaySubscribeButNeverJoinTheHubShareGroup() {
    assertThat(TopicRule.of(new MqttPrincipal.Observer()))
        .containsExactly(
            new TopicRule(
                "campusedge/#", TopicRule.Activity.SUBSCRIBE, TopicRule.Sharing.NOT_SHARED));
    assertThat(TopicRule.of(new MqttPrincipal.Hub()))
        .containsExactly(
            new TopicRule("campusedge/#", TopicRule.Activity.ALL, TopicRule.Sharing.HUB_GROUP));
  }

  private static Optional<byte[]> utf8(String text) {
    return Optional.of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Plain-text registry; hashing is tested in JdbcGatewayRegistryTest. */
  private static final class FakeRegistry implements GatewayRegistry {
    private final Map<String, String[]> gateways = new HashMap<>();

    @Override
    public Optional<RegisteredGateway> find(String gatewayId) {
      return Optional.ofNullable(gateways.get(gatewayId))
          .map(entry -> new RegisteredGateway(gatewayId, entry[0]));
    }

    @Override
    public Optional<RegisteredGateway> authenticate(String gatewayId, byte[] passwordUtf8) {
      String[] entry = gateways.get(gatewayId);
      if (entry == null
          || !Arrays.equals(entry[1].getBytes(StandardCharsets.UTF_8), passwordUtf8)) {
        return Optional.empty();
      }
      return find(gatewayId);
    }

    @Override
    public void register(String gatewayId, String site, String password) {
      gateways.put(gatewayId, new String[] {site, password});
    }
  }
}
