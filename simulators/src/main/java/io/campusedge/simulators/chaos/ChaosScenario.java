package io.campusedge.simulators.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chaos scenario: gateways, then steps, one per line ({@code #} starts a comment). Example:
 *
 * <pre>
 * scenario  a morning with trouble
 * gateway   gw-a101 process             # the real agent in a child JVM (simulated climate sensor)
 * gateway   gw-lab  in-process 256      # agent outbox + uplink here; outbox bound 256 KiB
 * gateway   gw-sd   in-process disk 4096 # its data folder on a 4 MiB tmpfs (needs root)
 * run       3s
 * kill      gw-a101
 * network-down gw-lab
 * fill-outbox  gw-lab 5000
 * restart-hub
 * start     gw-a101
 * network-up gw-lab
 * skew-clock gw-lab -3h
 * fill-disk gw-sd                       # a filler file takes the rest of the tmpfs: ENOSPC
 * run       3s
 * free-disk gw-sd
 * run       3s
 * </pre>
 */
public record ChaosScenario(String name, Map<String, GatewaySpec> gateways, List<ChaosStep> steps) {

  /**
   * {@code outboxKib}: the in-process gateway's outbox bound (0: the agent's default); {@code
   * diskKib}: the size of the tmpfs its data folder is mounted on (0: none, the work folder's
   * disk).
   */
  public record GatewaySpec(String id, Kind kind, int outboxKib, int diskKib) {
    public GatewaySpec(String id, Kind kind, int outboxKib) {
      this(id, kind, outboxKib, 0);
    }
  }

  public enum Kind {
    /** {@code campusedge-agent run} in a child JVM with a simulated classroom climate sensor. */
    PROCESS,
    /** The agent's H2 outbox and Paho uplink in this JVM, fed card taps, alarms and readings. */
    IN_PROCESS
  }

  public static ChaosScenario read(Path file) throws IOException {
    return parse(file.getFileName().toString(), Files.readString(file));
  }

  /** Parses the text; a bad line fails with its number and the reason. */
  public static ChaosScenario parse(String source, String text) {
    String name = source;
    Map<String, GatewaySpec> gateways = new LinkedHashMap<>();
    List<ChaosStep> steps = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].replaceAll("#.*", "").strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] words = line.split("\\s+");
      try {
        switch (words[0]) {
          case "scenario" -> name = line.substring("scenario".length()).strip();
          case "gateway" -> {
            GatewaySpec spec = gateway(words);
            if (gateways.putIfAbsent(spec.id(), spec) != null) {
              throw new IllegalArgumentException("gateway " + spec.id() + " is declared twice");
            }
          }
          default -> steps.add(step(words, gateways));
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            source + " line " + (n + 1) + ": " + e.getMessage() + " (" + lines[n].strip() + ")", e);
      }
    }
    if (gateways.isEmpty()) {
      throw new IllegalArgumentException(source + ": no gateway line");
    }
    return new ChaosScenario(
        name, java.util.Collections.unmodifiableMap(gateways), List.copyOf(steps));
  }

  private static GatewaySpec gateway(String[] words) {
    need(words, 3);
    Kind kind =
        switch (words[2]) {
          case "process" -> Kind.PROCESS;
          case "in-process" -> Kind.IN_PROCESS;
          default ->
              throw new IllegalArgumentException(
                  "gateway kind is 'process' or 'in-process', not '" + words[2] + "'");
        };
    int at = 3;
    int outboxKib = 0;
    if (words.length > at && !words[at].equals("disk")) {
      outboxKib = positive(words[at++], "outbox bound (KiB)");
    }
    int diskKib = 0;
    if (words.length > at) {
      if (!words[at].equals("disk") || words.length != at + 2) {
        throw new IllegalArgumentException(
            "after the kind: [outbox KiB] [disk <KiB>], not '"
                + String.join(" ", java.util.Arrays.copyOfRange(words, at, words.length))
                + "'");
      }
      if (kind != Kind.IN_PROCESS) {
        throw new IllegalArgumentException("a small disk needs an in-process gateway");
      }
      diskKib = positive(words[at + 1], "disk size (KiB)");
    }
    return new GatewaySpec(words[1], kind, outboxKib, diskKib);
  }

  private static int positive(String word, String what) {
    try {
      int value = Integer.parseInt(word);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        what + " must be a positive whole number, not '" + word + "'");
  }

  private static ChaosStep step(String[] words, Map<String, GatewaySpec> gateways) {
    return switch (words[0]) {
      case "run" -> new ChaosStep.Run(DurationText.parse(need(words, 2)[1]));
      case "kill" -> new ChaosStep.KillAgent(process(words, gateways));
      case "stop" -> new ChaosStep.StopAgent(process(words, gateways));
      case "start" -> new ChaosStep.StartAgent(process(words, gateways));
      case "stop-hub" -> new ChaosStep.StopHub();
      case "start-hub" -> new ChaosStep.StartHub();
      case "restart-hub" -> new ChaosStep.RestartHub();
      case "cut" -> new ChaosStep.CutNetwork(known(words, gateways));
      case "network-down" -> new ChaosStep.NetworkDown(known(words, gateways));
      case "network-up" -> new ChaosStep.NetworkUp(known(words, gateways));
      case "fill-outbox" ->
          new ChaosStep.FillOutbox(inProcess(need(words, 3), gateways), Integer.parseInt(words[2]));
      case "skew-clock" ->
          new ChaosStep.SkewClock(
              inProcess(need(words, 3), gateways), DurationText.parse(words[2]));
      case "fill-disk" -> new ChaosStep.FillDisk(smallDisk(words, gateways));
      case "free-disk" -> new ChaosStep.FreeDisk(smallDisk(words, gateways));
      default -> throw new IllegalArgumentException("unknown step '" + words[0] + "'");
    };
  }

  private static String known(String[] words, Map<String, GatewaySpec> gateways) {
    String id = need(words, 2)[1];
    if (!gateways.containsKey(id)) {
      throw new IllegalArgumentException("no gateway " + id + " declared above");
    }
    return id;
  }

  private static String process(String[] words, Map<String, GatewaySpec> gateways) {
    String id = known(words, gateways);
    if (gateways.get(id).kind() != Kind.PROCESS) {
      throw new IllegalArgumentException(words[0] + " needs a process gateway; " + id + " is not");
    }
    return id;
  }

  private static String inProcess(String[] words, Map<String, GatewaySpec> gateways) {
    String id = known(words, gateways);
    if (gateways.get(id).kind() != Kind.IN_PROCESS) {
      throw new IllegalArgumentException(
          words[0] + " needs an in-process gateway; " + id + " is not");
    }
    return id;
  }

  private static String smallDisk(String[] words, Map<String, GatewaySpec> gateways) {
    String id = inProcess(words, gateways);
    if (gateways.get(id).diskKib() <= 0) {
      throw new IllegalArgumentException(
          words[0] + " needs a gateway declared with 'disk <KiB>'; " + id + " is not");
    }
    return id;
  }

  private static String[] need(String[] words, int count) {
    if (words.length < count) {
      throw new IllegalArgumentException(words[0] + " needs " + (count - 1) + " argument(s)");
    }
    return words;
  }
}
