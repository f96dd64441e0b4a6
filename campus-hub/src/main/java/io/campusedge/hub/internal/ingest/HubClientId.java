package io.campusedge.hub.internal.ingest;

import io.campusedge.hub.internal.config.BrokerConfig;
import io.campusedge.hub.internal.config.HubConfig;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The hub's MQTT client id. A persistent session needs the same id after a restart, and each hub
 * instance its own: by default {@code campusedge-hub-} and a hash of host name and data directory.
 * A clean session takes a random id.
 */
@Singleton
public class HubClientId {
  private final String value;

  public HubClientId(BrokerConfig config, HubConfig hub) {
    if (config.clientId() != null) {
      value = config.clientId();
    } else if (config.usePersistentSession()) {
      value = "campusedge-hub-" + stableSuffix(hostName() + "|" + hub.dataPath());
    } else {
      value = "campusedge-hub-" + UUID.randomUUID().toString().substring(0, 8);
    }
  }

  public String value() {
    return value;
  }

  private static String stableSuffix(String text) {
    UUID uuid = UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().toHexDigits(uuid.getMostSignificantBits()).substring(0, 12);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
