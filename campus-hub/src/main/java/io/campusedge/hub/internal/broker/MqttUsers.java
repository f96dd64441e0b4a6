package io.campusedge.hub.internal.broker;

import io.campusedge.hub.internal.config.ObserverSeed;
import io.campusedge.hub.internal.store.GatewayRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decides who a CONNECT username/password belongs to: the hub, the observer, or a gateway. */
final class MqttUsers {
  private final MqttCredentials hub;
  private final Optional<ObserverSeed> observer;
  private final GatewayRegistry gateways;
  private final List<ForeignTopicAccess> foreignTopics;

  MqttUsers(MqttCredentials hub, Optional<ObserverSeed> observer, GatewayRegistry gateways) {
    this(hub, observer, gateways, List.of());
  }

  MqttUsers(
      MqttCredentials hub,
      Optional<ObserverSeed> observer,
      GatewayRegistry gateways,
      List<ForeignTopicAccess> foreignTopics) {
    this.hub = hub;
    this.observer = observer;
    this.gateways = gateways;
    this.foreignTopics = List.copyOf(foreignTopics);
  }

  /** The principal's native rules and those of the interop namespaces it is mapped to. */
  List<TopicRule> rules(MqttPrincipal principal) {
    List<TopicRule> rules = new ArrayList<>(TopicRule.of(principal));
    for (ForeignTopicAccess foreign : foreignTopics) {
      rules.addAll(TopicRule.foreign(principal, foreign));
    }
    return rules;
  }

  /** Empty for anonymous clients, unknown users and wrong passwords. */
  Optional<MqttPrincipal> authenticate(Optional<String> username, Optional<byte[]> password) {
    if (username.isEmpty() || password.isEmpty()) {
      return Optional.empty();
    }
    String user = username.get();
    byte[] secret = password.get();
    if (user.equals(hub.username())) {
      return sameSecret(secret, hub.password())
          ? Optional.of(new MqttPrincipal.Hub())
          : Optional.empty();
    }
    if (observer.isPresent() && user.equals(observer.get().username())) {
      return sameSecret(secret, observer.get().password())
          ? Optional.of(new MqttPrincipal.Observer())
          : Optional.empty();
    }
    return gateways
        .authenticate(user, secret)
        .map(gateway -> new MqttPrincipal.Gateway(gateway.id(), gateway.site()));
  }

  private static boolean sameSecret(byte[] given, String expected) {
    return MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8));
  }
}
