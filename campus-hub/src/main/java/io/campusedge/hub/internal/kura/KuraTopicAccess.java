package io.campusedge.hub.internal.kura;

import io.campusedge.hub.internal.broker.ForeignTopicAccess;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The embedded broker's Kura rules: a mapped gateway publishes and subscribes under its own client
 * id only, in the data and the {@code $EDC} control namespace of its account; the hub's client has
 * the configured accounts.
 */
@Singleton
@Requires(property = "campusedge.kura.enabled", value = "true")
public class KuraTopicAccess implements ForeignTopicAccess {
  private final List<KuraGateway> gateways;
  private final String controlPrefix;

  public KuraTopicAccess(KuraConfig config, List<KuraGateway> gateways) {
    this.gateways = List.copyOf(gateways);
    this.controlPrefix = config.controlPrefix();
  }

  @Override
  public List<String> publishFilters(String gatewayId) {
    return ownTopics(gatewayId);
  }

  // Kura's cloud services take requests on {control prefix}/{account}/{client id}/{app id}/... .
  @Override
  public List<String> subscribeFilters(String gatewayId) {
    return ownTopics(gatewayId);
  }

  private List<String> ownTopics(String gatewayId) {
    List<String> filters = new ArrayList<>();
    for (KuraGateway gateway : gateways) {
      if (gateway.gateway().equals(gatewayId)) {
        filters.add(gateway.account() + "/" + gateway.clientId() + "/#");
        filters.add(controlPrefix + "/" + gateway.account() + "/" + gateway.clientId() + "/#");
      }
    }
    return filters;
  }

  @Override
  public List<String> hubFilters() {
    List<String> filters = new ArrayList<>();
    for (String account : accounts(gateways)) {
      filters.add(account + "/#");
      filters.add(controlPrefix + "/" + account + "/#");
    }
    return filters;
  }

  static TreeSet<String> accounts(List<KuraGateway> gateways) {
    TreeSet<String> accounts = new TreeSet<>();
    gateways.forEach(gateway -> accounts.add(gateway.account()));
    return accounts;
  }
}
