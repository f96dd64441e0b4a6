package io.campusedge.protos.v1;

import java.util.Optional;
import java.util.regex.Pattern;

/** The MQTT topic namespace {@code campusedge/v1/{site}/{gateway}/{kind}}. */
public final class Topics {
  public static final String ROOT = "campusedge/v1";

  /** Hub instances share the data stream through this MQTT 5 shared-subscription group. */
  public static final String HUB_SHARE_GROUP = "hub";

  /**
   * Site codes and gateway ids: letters, digits, '-' and '_' only, so they never contain MQTT
   * wildcards or separators.
   */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Topics() {}

  /** What a topic carries; the path suffix after {@code {site}/{gateway}/}. */
  public enum Kind {
    DATA("data"),
    STATE("state"),
    ACK("ack"),
    CMD("cmd"),
    CMD_RESULT("cmd/result");

    private final String suffix;

    Kind(String suffix) {
      this.suffix = suffix;
    }

    public String suffix() {
      return suffix;
    }
  }

  /** A parsed topic: which gateway of which site, and what it carries. */
  public record Address(String site, String gateway, Kind kind) {
    public Address {
      requireSegment("site", site);
      requireSegment("gateway", gateway);
    }

    public String topic() {
      return ROOT + "/" + site + "/" + gateway + "/" + kind.suffix();
    }
  }

  public static String topic(String site, String gateway, Kind kind) {
    return new Address(site, gateway, kind).topic();
  }

  /** Filter for one kind from every gateway of every site, e.g. {@code campusedge/v1/+/+/data}. */
  public static String allGateways(Kind kind) {
    return ROOT + "/+/+/" + kind.suffix();
  }

  /** The shared-subscription filter hub instances use for {@code kind}. */
  public static String sharedAllGateways(Kind kind) {
    return "$share/" + HUB_SHARE_GROUP + "/" + allGateways(kind);
  }

  /** Parses a concrete topic; empty if it is not in the campusedge/v1 namespace. */
  public static Optional<Address> parse(String topic) {
    String prefix = ROOT + "/";
    if (topic == null || !topic.startsWith(prefix)) {
      return Optional.empty();
    }
    String[] parts = topic.substring(prefix.length()).split("/", 3);
    if (parts.length != 3 || !isSegment(parts[0]) || !isSegment(parts[1])) {
      return Optional.empty();
    }
    for (Kind kind : Kind.values()) {
      if (kind.suffix().equals(parts[2])) {
        return Optional.of(new Address(parts[0], parts[1], kind));
      }
    }
    return Optional.empty();
  }

  public static boolean isSegment(String value) {
    return value != null && SEGMENT.matcher(value).matches();
  }

  /** Validates a site code or gateway id, naming the offending field. */
  public static String requireSegment(String what, String value) {
    if (!isSegment(value)) {
      throw new IllegalArgumentException(
          what
              + " '"
              + value
              + "' must be 1-64 letters, digits, '-' or '_' (it is part of MQTT topics)");
    }
    return value;
  }
}
