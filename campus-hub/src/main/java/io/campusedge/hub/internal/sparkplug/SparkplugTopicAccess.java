package io.campusedge.hub.internal.sparkplug;

import io.campusedge.hub.internal.broker.ForeignTopicAccess;
import io.campusedge.hub.internal.sparkplug.SparkplugTopic.MessageType;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded broker's Sparkplug rules: a mapped gateway publishes only its own edge node's
 * births, data and deaths (and its devices'), and receives only its own commands and the hosts'
 * STATE; the hub's client has the whole {@code spBv1.0} namespace.
 */
@Singleton
@Requires(property = "campusedge.sparkplug.enabled", value = "true")
public class SparkplugTopicAccess implements ForeignTopicAccess {
  private final List<SparkplugEdgeNode> nodes;

  public SparkplugTopicAccess(List<SparkplugEdgeNode> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  @Override
  public List<String> publishFilters(String gatewayId) {
    List<String> filters = new ArrayList<>();
    for (SparkplugEdgeNode node : nodes) {
      if (!node.gateway().equals(gatewayId)) {
        continue;
      }
      for (MessageType type : List.of(MessageType.NBIRTH, MessageType.NDATA, MessageType.NDEATH)) {
        filters.add(SparkplugTopic.nodeTopic(node.group(), type, node.edgeNode()));
      }
      for (MessageType type : List.of(MessageType.DBIRTH, MessageType.DDATA, MessageType.DDEATH)) {
        filters.add(SparkplugTopic.nodeTopic(node.group(), type, node.edgeNode()) + "/+");
      }
    }
    return filters;
  }

  @Override
  public List<String> subscribeFilters(String gatewayId) {
    List<String> filters = new ArrayList<>();
    for (SparkplugEdgeNode node : nodes) {
      if (!node.gateway().equals(gatewayId)) {
        continue;
      }
      filters.add(SparkplugTopic.nodeTopic(node.group(), MessageType.NCMD, node.edgeNode()));
      filters.add(SparkplugTopic.nodeTopic(node.group(), MessageType.DCMD, node.edgeNode()) + "/+");
    }
    if (!filters.isEmpty()) {
      filters.add(SparkplugTopic.state("+"));
    }
    return filters;
  }

  @Override
  public List<String> hubFilters() {
    return List.of(SparkplugTopic.NAMESPACE + "/#");
  }
}
