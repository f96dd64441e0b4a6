package io.campusedge.drivers.display.board;

import io.campusedge.drivers.display.PowerState;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A command profile: how to ask one model of board or flat panel for its power state and input, how
 * to read the answers, and which actions it takes. One {@code .properties} file per model; shipped
 * profiles live in {@code io/campusedge/drivers/display/board/profiles/} and are named by their
 * file name. docs/hardware.md explains every key.
 */
public record BoardProfile(
    String name,
    String title,
    String source,
    BoardProtocol protocol,
    SerialDefaults serial,
    Optional<Integer> tcpPort,
    Query power,
    Map<String, PowerState> powerStates,
    Optional<Query> input,
    Map<String, String> inputNames,
    Map<String, Action> actions) {

  static final String SHIPPED = "/io/campusedge/drivers/display/board/profiles/";

  /** A request and the reply that answers it. */
  public record Query(String send, String reply) {}

  /**
   * An action: its request, the reply that confirms it, and per argument the accepted values with
   * what each puts on the wire.
   */
  public record Action(
      String name,
      String description,
      String send,
      String reply,
      Map<String, Map<String, String>> args) {}

  /** Serial line settings the model uses unless the device config overrides them. */
  public record SerialDefaults(int baud, int dataBits, String parity, int stopBits) {}

  /**
   * A shipped profile by name ({@code smart-mx}), or a file when {@code nameOrPath} ends in
   * .properties.
   */
  public static BoardProfile load(String nameOrPath) throws ProfileException {
    if (nameOrPath.endsWith(".properties")) {
      Path file = Path.of(nameOrPath);
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        return parse(file.getFileName().toString().replace(".properties", ""), read(r));
      } catch (IOException e) {
        throw new ProfileException(
            "profile file " + file + ": cannot read (" + e.getMessage() + ")");
      }
    }
    if (!nameOrPath.matches("[a-z0-9-]+")) {
      throw new ProfileException(
          "profile '" + nameOrPath + "': not a shipped profile name or a .properties file");
    }
    try (InputStream in =
        BoardProfile.class.getResourceAsStream(SHIPPED + nameOrPath + ".properties")) {
      if (in == null) {
        throw new ProfileException(
            "profile '" + nameOrPath + "' is not shipped (shipped: smart-mx, samsung-mdc)");
      }
      return parse(nameOrPath, read(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new ProfileException("profile '" + nameOrPath + "': " + e.getMessage());
    }
  }

  private static Properties read(Reader r) throws IOException {
    Properties p = new Properties();
    p.load(r);
    return p;
  }

  static BoardProfile parse(String name, Properties p) throws ProfileException {
    Keys k = new Keys(name, p);
    String framing = k.required("framing");
    BoardProtocol protocol =
        switch (framing) {
          case "ascii" -> ascii(k);
          case "binary" -> binary(k);
          default -> throw k.fail("framing", "must be ascii or binary, got '" + framing + "'");
        };
    Query power = query(k, protocol, "power");
    Map<String, PowerState> states = powerStates(k);
    Optional<Query> input =
        k.optional("input.query").isPresent()
            ? Optional.of(query(k, protocol, "input"))
            : Optional.empty();
    Map<String, String> inputNames = pairs(k, "input.names");
    Map<String, Action> actions = actions(k, protocol);
    SerialDefaults serial =
        new SerialDefaults(
            k.integer("serial.baud", 9600),
            k.integer("serial.dataBits", 8),
            k.optional("serial.parity").orElse("none"),
            k.integer("serial.stopBits", 1));
    if (!java.util.Set.of("none", "even", "odd").contains(serial.parity())) {
      throw k.fail("serial.parity", "must be none, even or odd");
    }
    Optional<Integer> tcpPort =
        k.optional("tcp.port").isPresent()
            ? Optional.of(k.integer("tcp.port", 0))
            : Optional.empty();
    return new BoardProfile(
        name,
        k.required("name"),
        k.optional("source").orElse(""),
        protocol,
        serial,
        tcpPort,
        power,
        states,
        input,
        inputNames,
        actions);
  }

  private static AsciiLineProtocol ascii(Keys k) throws ProfileException {
    String terminator =
        switch (k.optional("ascii.terminator").orElse("CR")) {
          case "CR" -> "\r";
          case "LF" -> "\n";
          case "CRLF" -> "\r\n";
          default -> throw k.fail("ascii.terminator", "must be CR, LF or CRLF");
        };
    Optional<String> error = k.optional("error.reply");
    try {
      return new AsciiLineProtocol(terminator, error.map(Pattern::compile));
    } catch (java.util.regex.PatternSyntaxException e) {
      throw k.fail("error.reply", "not a regular expression (" + e.getDescription() + ")");
    }
  }

  private static BinaryFrameProtocol binary(Keys k) throws ProfileException {
    String header = k.required("binary.header");
    if (!header.matches("[0-9A-Fa-f]{2}")) {
      throw k.fail("binary.header", "must be one hex byte like AA");
    }
    if (!k.optional("binary.checksum").orElse("sum8").equals("sum8")) {
      throw k.fail("binary.checksum", "only sum8 is supported");
    }
    BinaryFrameProtocol protocol =
        new BinaryFrameProtocol(
            Integer.parseInt(header, 16),
            k.integer("binary.lengthIndex", 3),
            k.integer("binary.lengthExtra", 5),
            k.optional("error.reply"));
    if (k.optional("error.reply").isPresent()) {
      protocol.check(k.where("error.reply"), k.required("error.reply"));
    }
    return protocol;
  }

  private static Query query(Keys k, BoardProtocol protocol, String what) throws ProfileException {
    String send = k.required(what + ".query");
    String reply = k.required(what + ".reply");
    protocol.check(k.where(what + ".query"), send);
    protocol.check(k.where(what + ".reply"), reply);
    return new Query(send, reply);
  }

  private static Map<String, PowerState> powerStates(Keys k) throws ProfileException {
    Map<String, PowerState> states = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : pairs(k, "power.states").entrySet()) {
      try {
        states.put(
            e.getKey(),
            PowerState.valueOf(e.getValue().toUpperCase(Locale.ROOT).replace('-', '_')));
      } catch (IllegalArgumentException x) {
        throw k.fail(
            "power.states",
            "'" + e.getValue() + "' is not on, standby, warming-up or cooling-down");
      }
    }
    if (states.isEmpty()) {
      throw k.fail("power.states", "is required, e.g. on:on,ready:standby");
    }
    return Map.copyOf(states);
  }

  private static Map<String, Action> actions(Keys k, BoardProtocol protocol)
      throws ProfileException {
    Map<String, Action> actions = new LinkedHashMap<>();
    for (String key : k.keysStartingWith("action.")) {
      String[] parts = key.split("\\.");
      if (parts.length != 3 || !parts[2].equals("send")) {
        continue;
      }
      String action = parts[1];
      String send = k.required(key);
      String reply = k.required("action." + action + ".reply");
      protocol.check(k.where(key), send);
      protocol.check(k.where("action." + action + ".reply"), reply);
      Map<String, Map<String, String>> args = new TreeMap<>();
      for (String argKey : k.keysStartingWith("action." + action + ".arg.")) {
        args.put(argKey.substring(("action." + action + ".arg.").length()), pairs(k, argKey));
      }
      actions.put(
          action,
          new Action(
              action,
              k.optional("action." + action + ".description").orElse(action),
              send,
              reply,
              args));
    }
    return Map.copyOf(actions);
  }

  /** {@code a:b, c:d, e} → {a=b, c=d, e=e}; keys lower-cased so replies match in any case. */
  private static Map<String, String> pairs(Keys k, String key) throws ProfileException {
    Map<String, String> out = new LinkedHashMap<>();
    Optional<String> text = k.optional(key);
    if (text.isEmpty()) {
      return out;
    }
    for (String item : text.get().split(",")) {
      String t = item.trim();
      if (t.isEmpty()) {
        continue;
      }
      int colon = t.indexOf(':');
      String left = colon < 0 ? t : t.substring(0, colon).trim();
      String right = colon < 0 ? t : t.substring(colon + 1).trim();
      if (left.isEmpty() || right.isEmpty()) {
        throw k.fail(key, "'" + t + "' must be value:meaning");
      }
      out.put(left.toLowerCase(Locale.ROOT), right);
    }
    return out;
  }

  /** The profile's keys with messages that name the profile and the key. */
  private record Keys(String profile, Properties p) {
    String where(String key) {
      return "profile '" + profile + "' key " + key;
    }

    ProfileException fail(String key, String why) {
      return new ProfileException(where(key) + " " + why);
    }

    String required(String key) throws ProfileException {
      return optional(key).orElseThrow(() -> fail(key, "is required"));
    }

    Optional<String> optional(String key) {
      String v = p.getProperty(key);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    int integer(String key, int fallback) throws ProfileException {
      Optional<String> v = optional(key);
      if (v.isEmpty()) {
        return fallback;
      }
      try {
        return Integer.parseInt(v.get());
      } catch (NumberFormatException e) {
        throw fail(key, "must be a whole number, got '" + v.get() + "'");
      }
    }

    java.util.List<String> keysStartingWith(String prefix) {
      return p.stringPropertyNames().stream().filter(s -> s.startsWith(prefix)).sorted().toList();
    }
  }
}
