package io.campusedge.hub.internal.sparkplug;

import java.util.Optional;

/**
 * A Sparkplug B topic, {@code spBv1.0/{group}/{message type}/{edge node}[/{device}]} (Sparkplug
 * 3.0, Topics chapter), or a host application's {@code spBv1.0/STATE/{host id}}.
 */
record SparkplugTopic(String group, MessageType type, String edgeNode, Optional<String> device) {

  static final String NAMESPACE = "spBv1.0";

  enum MessageType {
    NBIRTH,
    NDEATH,
    DBIRTH,
    DDEATH,
    NDATA,
    DDATA,
    NCMD,
    DCMD;

    boolean isDeviceMessage() {
      return this == DBIRTH || this == DDEATH || this == DDATA || this == DCMD;
    }
  }

  static String state(String hostId) {
    return NAMESPACE + "/STATE/" + hostId;
  }

  static String nodeTopic(String group, MessageType type, String edgeNode) {
    return NAMESPACE + "/" + group + "/" + type + "/" + edgeNode;
  }

  static String groupFilter(String group) {
    return NAMESPACE + "/" + group + "/#";
  }

  /** Empty for STATE topics, other namespaces, unknown message types and malformed levels. */
  static Optional<SparkplugTopic> parse(String topic) {
    String[] levels = topic.split("/", -1);
    if (levels.length < 4 || levels.length > 5 || !levels[0].equals(NAMESPACE)) {
      return Optional.empty();
    }
    MessageType type;
    try {
      type = MessageType.valueOf(levels[2]);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    boolean hasDevice = levels.length == 5;
    if (hasDevice != type.isDeviceMessage()) {
      return Optional.empty();
    }
    for (String level : levels) {
      if (level.isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new SparkplugTopic(
            levels[1], type, levels[3], hasDevice ? Optional.of(levels[4]) : Optional.empty()));
  }
}
