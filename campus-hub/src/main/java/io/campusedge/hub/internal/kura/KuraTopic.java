package io.campusedge.hub.internal.kura;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Kura topic: data {@code {account}/{client id}/{app id}/{resource...}}, or a lifecycle message
 * {@code {control prefix}/{account}/{client id}/MQTT/BIRTH|DC|LWT|APPS} (Kura's CloudService; the
 * control prefix is {@code $EDC} unless the gateway is configured otherwise).
 */
sealed interface KuraTopic {

  String account();

  String clientId();

  enum Lifecycle {
    BIRTH,
    DC,
    LWT,
    APPS
  }

  record Data(String account, String clientId, List<String> semantic) implements KuraTopic {
    /** The app id and resource path, e.g. {@code env/sensors}: the source of the readings. */
    String source() {
      return String.join("/", semantic);
    }
  }

  record Control(String account, String clientId, Lifecycle lifecycle) implements KuraTopic {}

  /** Empty for control topics other than the lifecycle ones and for malformed topics. */
  static Optional<KuraTopic> parse(String topic, String controlPrefix) {
    String[] levels = topic.split("/", -1);
    if (Arrays.stream(levels).anyMatch(String::isEmpty)) {
      return Optional.empty();
    }
    if (levels[0].equals(controlPrefix)) {
      if (levels.length != 5 || !levels[3].equals("MQTT")) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Control(levels[1], levels[2], Lifecycle.valueOf(levels[4])));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    if (levels.length < 3 || levels[0].startsWith("$") || levels[0].equals(controlPrefix)) {
      return Optional.empty();
    }
    return Optional.of(new Data(levels[0], levels[1], List.of(levels).subList(2, levels.length)));
  }
}
