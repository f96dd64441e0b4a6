package io.campusedge.drivers.display.pjlink;

import io.campusedge.drivers.display.PowerState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PJLink bytes to values and back, without I/O. Facts from JBMIA "PJLink Specifications" Class 1
 * v1.04 and Class 2 v2.00: a command is {@code %<class><4-letter body> <parameter>CR}, a reply
 * {@code %<class><body>=<parameter>CR}, lines are at most 136 bytes, the greeting is {@code PJLINK
 * 0} (no security), {@code PJLINK 1 <random>} (security) or {@code PJLINK ERRA}.
 */
public final class PjlinkCodec {
  public static final int DEFAULT_PORT = 4352;
  public static final int MAX_LINE = 136;
  public static final char CR = '\r';

  /** Class 2 discovery and status notifications are UDP datagrams to this port. */
  public static final int UDP_PORT = 4352;

  private static final Pattern BODY = Pattern.compile("[A-Z0-9]{4}");
  private static final Pattern GREETING = Pattern.compile("PJLINK (0|1 ([0-9A-Za-z]{1,32})|ERRA)");
  private static final Pattern REPLY = Pattern.compile("%([12])([A-Z0-9]{4})=(.*)");
  private static final Pattern INPUT = Pattern.compile("[1-6][1-9A-Z]");
  private static final Pattern MAC = Pattern.compile("([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}");

  private PjlinkCodec() {}

  /** {@code %1POWR ?CR}. */
  public static String command(int pjlinkClass, String body, String parameter) {
    if (pjlinkClass != 1 && pjlinkClass != 2) {
      throw new IllegalArgumentException("PJLink class must be 1 or 2, got " + pjlinkClass);
    }
    if (!BODY.matcher(body).matches()) {
      throw new IllegalArgumentException("PJLink command body must be 4 characters: " + body);
    }
    String line = "%" + pjlinkClass + body + " " + parameter + CR;
    if (line.length() > MAX_LINE) {
      throw new IllegalArgumentException("PJLink command longer than " + MAX_LINE + " bytes");
    }
    return line;
  }

  public static byte[] bytes(String line) {
    return line.getBytes(StandardCharsets.US_ASCII);
  }

  /** What the projector said when the connection opened. */
  public sealed interface Greeting {
    record Open() implements Greeting {}

    record Challenge(String random) implements Greeting {}

    record Refused() implements Greeting {}
  }

  public static Optional<Greeting> greeting(String line) {
    Matcher m = GREETING.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    if (m.group(1).equals("0")) {
      return Optional.of(new Greeting.Open());
    }
    if (m.group(1).equals("ERRA")) {
      return Optional.of(new Greeting.Refused());
    }
    return Optional.of(new Greeting.Challenge(m.group(2)));
  }

  /** A reply line to one command: a value, {@code OK}, or one of the error codes. */
  public sealed interface Reply {
    record Value(String text) implements Reply {}

    record Failed(PjlinkError error) implements Reply {}
  }

  /**
   * Parses the reply to {@code body}; empty when the line is not a PJLink reply to that command.
   * {@code PJLINK ERRA} is the answer to the first command when the password was wrong.
   */
  public static Optional<Reply> reply(String line, String body) {
    if (line.equals("PJLINK ERRA")) {
      return Optional.of(new Reply.Failed(PjlinkError.ERRA));
    }
    Matcher m = REPLY.matcher(line);
    if (!m.matches() || !m.group(2).equals(body)) {
      return Optional.empty();
    }
    String value = m.group(3);
    Optional<PjlinkError> error = PjlinkError.of(value);
    if (error.isPresent() && error.get() != PjlinkError.ERRA) {
      return Optional.of(new Reply.Failed(error.get()));
    }
    return Optional.of(new Reply.Value(value));
  }

  /** POWR: 0 standby, 1 power on, 2 cooling down, 3 warm-up. */
  public static Optional<PowerState> power(String value) {
    return switch (value) {
      case "0" -> Optional.of(PowerState.STANDBY);
      case "1" -> Optional.of(PowerState.ON);
      case "2" -> Optional.of(PowerState.COOLING_DOWN);
      case "3" -> Optional.of(PowerState.WARMING_UP);
      default -> Optional.empty();
    };
  }

  /**
   * INPT: two characters, the input type (1 RGB, 2 video, 3 digital, 4 storage, 5 network, 6
   * internal — class 2) and the terminal (1–9; class 2 also A–Z).
   */
  public static boolean validInput(String value) {
    return INPUT.matcher(value).matches();
  }

  public static String inputType(String input) {
    return switch (input.charAt(0)) {
      case '1' -> "RGB";
      case '2' -> "VIDEO";
      case '3' -> "DIGITAL";
      case '4' -> "STORAGE";
      case '5' -> "NETWORK";
      default -> "INTERNAL";
    };
  }

  /** AVMT: 10/11 video mute off/on, 20/21 audio, 30/31 both. */
  public record Mute(boolean video, boolean audio) {}

  public static Optional<Mute> mute(String value) {
    return switch (value) {
      case "10", "20", "30" -> Optional.of(new Mute(false, false));
      case "11" -> Optional.of(new Mute(true, false));
      case "21" -> Optional.of(new Mute(false, true));
      case "31" -> Optional.of(new Mute(true, true));
      default -> Optional.empty();
    };
  }

  /**
   * ERST: six digits, fan, lamp, temperature, cover open, filter, other; 0 ok, 1 warning, 2 error.
   */
  public enum ErrorItem {
    FAN,
    LAMP,
    TEMPERATURE,
    COVER_OPEN,
    FILTER,
    OTHER;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  public enum ErrorLevel {
    OK,
    WARNING,
    ERROR
  }

  public static Optional<List<ErrorLevel>> errorStatus(String value) {
    if (value.length() != ErrorItem.values().length) {
      return Optional.empty();
    }
    List<ErrorLevel> levels = new ArrayList<>();
    for (char c : value.toCharArray()) {
      if (c < '0' || c > '2') {
        return Optional.empty();
      }
      levels.add(ErrorLevel.values()[c - '0']);
    }
    return Optional.of(List.copyOf(levels));
  }

  /** One lamp of LAMP: cumulative lighting hours and whether it is lit. */
  public record Lamp(long hours, boolean lit) {}

  /** LAMP: {@code <hours> <0|1>} per lamp, up to eight lamps, separated by spaces. */
  public static Optional<List<Lamp>> lamps(String value) {
    String[] parts = value.trim().split(" ");
    if (value.isBlank() || parts.length % 2 != 0 || parts.length > 16) {
      return Optional.empty();
    }
    List<Lamp> lamps = new ArrayList<>();
    for (int i = 0; i < parts.length; i += 2) {
      if (!parts[i].matches("\\d{1,5}") || !parts[i + 1].matches("[01]")) {
        return Optional.empty();
      }
      lamps.add(new Lamp(Long.parseLong(parts[i]), parts[i + 1].equals("1")));
    }
    return Optional.of(List.copyOf(lamps));
  }

  /** CLSS: the highest class the projector supports, {@code 1} or {@code 2}. */
  public static Optional<Integer> pjlinkClass(String value) {
    return switch (value) {
      case "1" -> Optional.of(1);
      case "2" -> Optional.of(2);
      default -> Optional.empty();
    };
  }

  /** IRES/RRES (class 2): {@code <width>x<height>}, {@code -} no signal, {@code *} unknown. */
  public static Optional<String> resolution(String value) {
    if (value.equals("-") || value.equals("*") || value.matches("\\d{1,5}x\\d{1,5}")) {
      return Optional.of(value);
    }
    return Optional.empty();
  }

  /** FILT (class 2): filter usage hours, 0–99999. */
  public static Optional<Long> hours(String value) {
    return value.matches("\\d{1,5}") ? Optional.of(Long.parseLong(value)) : Optional.empty();
  }

  /** ACKN / LKUP (class 2): the projector's MAC address {@code xx:xx:xx:xx:xx:xx}. */
  public static Optional<String> mac(String value) {
    return MAC.matcher(value).matches()
        ? Optional.of(value.toLowerCase(java.util.Locale.ROOT))
        : Optional.empty();
  }

  /** A status notification or search answer datagram: {@code %2<body>=<value>CR}. */
  public record Notice(String body, String value) {}

  public static Optional<Notice> notice(String datagram) {
    String line = datagram.endsWith("\r") ? datagram.substring(0, datagram.length() - 1) : datagram;
    Matcher m = REPLY.matcher(line);
    if (!m.matches() || !m.group(1).equals("2")) {
      return Optional.empty();
    }
    return Optional.of(new Notice(m.group(2), m.group(3)));
  }

  /** Printable form of bytes a projector sent, for reasons a technician reads. */
  public static String printable(String raw) {
    StringBuilder b = new StringBuilder();
    for (char c : raw.toCharArray()) {
      if (c >= 0x20 && c < 0x7F) {
        b.append(c);
      } else {
        b.append(String.format("\\x%02x", (int) c));
      }
      if (b.length() > 60) {
        return b.append("...").toString();
      }
    }
    return b.toString();
  }
}
