package io.campusedge.drivers.display.board;

import io.campusedge.drivers.api.ActionResult;
import io.campusedge.drivers.api.DeviceActions;
import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.SensorOutput;
import io.campusedge.drivers.display.DisplayUsage;
import io.campusedge.drivers.display.PowerState;
import io.campusedge.drivers.display.board.BoardProfile.Action;
import io.campusedge.drivers.display.board.BoardProtocol.Answer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an interactive flat panel or board through its command profile: power state at each poll,
 * and the input while it is on. Power and input feed {@link DisplayUsage}. The profile's actions
 * (power on/off, input, mute) are offered to hub commands. Any trouble is a BAD {@code power_state}
 * with the reason; the link is opened again on the next poll.
 */
final class BoardDriver implements DeviceDriver, DeviceActions {
  private static final Logger log = LoggerFactory.getLogger(BoardDriver.class);
  static final String POWER = "power_state";

  private final BoardConfig config;
  private final BoardProfile profile;
  private final BoardLink link;
  private final DisplayUsage usage;
  private final Map<String, String> ids;
  private final Object lock = new Object();
  private SensorOutput out;

  BoardDriver(BoardConfig config, BoardLink link) {
    this.config = config;
    this.profile = config.profile();
    this.link = link;
    this.usage =
        new DisplayUsage(
            config.deviceId(),
            config.zone(),
            Math.max(3 * config.pollInterval().toMillis(), 60_000));
    this.ids = Map.of("id", String.format("%02X", config.displayId()));
  }

  @Override
  public void open(DriverContext context) {
    this.out = new SensorOutput(config.deviceId(), context);
    usage.bind(context.sink());
  }

  @Override
  public Optional<DeviceActions> actions() {
    return Optional.of(this);
  }

  @Override
  public void poll() {
    if (out == null) {
      throw new IllegalStateException("poll() before open()");
    }
    synchronized (lock) {
      try {
        read();
      } catch (BoardFault f) {
        link.close();
        out.reachable();
        badPoll(where() + ": " + f.getMessage());
      } catch (EOFException e) {
        link.close();
        badPoll(where() + ": " + e.getMessage());
      } catch (InterruptedIOException e) {
        link.close();
        String reason =
            where()
                + ": no answer within "
                + config.timeout().toMillis()
                + "ms (board unplugged, wrong baud rate or cable?)";
        out.unreachable(reason);
        badPoll(reason);
      } catch (IOException e) {
        link.close();
        String reason = where() + ": " + e.getMessage();
        out.unreachable(reason);
        badPoll(reason);
      } catch (RuntimeException e) {
        log.warn("{}: unexpected driver error", config.deviceId(), e);
        link.close();
        badPoll("driver error: " + e);
      }
    }
  }

  private void read() throws IOException, BoardFault {
    Answer power = ask(profile.power().send(), profile.power().reply(), ids);
    long now = out.now();
    if (power instanceof Answer.Refused r) {
      out.reachable();
      badPoll(where() + ": board refused the power query: " + r.detail());
      return;
    }
    String raw = ((Answer.Value) power).text();
    PowerState state = profile.powerStates().get(raw.toLowerCase(Locale.ROOT));
    if (state == null) {
      out.reachable();
      badPoll(where() + ": power state '" + raw + "' is not in profile " + profile.name());
      return;
    }
    List<Runnable> report = new ArrayList<>();
    Optional<String> input = Optional.empty();
    if (state.inUse() && profile.input().isPresent()) {
      Answer a = ask(profile.input().get().send(), profile.input().get().reply(), ids);
      if (a instanceof Answer.Value v) {
        String code = v.text().toLowerCase(Locale.ROOT);
        String name = profile.inputNames().getOrDefault(code, code);
        input = Optional.of(name);
        report.add(() -> out.good("input", name, "1"));
      } else {
        String reason =
            where() + ": board refused the input query: " + ((Answer.Refused) a).detail();
        report.add(() -> out.bad("input", "1", reason));
      }
    }
    out.reachable();
    out.good(POWER, state.word(), "1");
    report.forEach(Runnable::run);
    usage.observe(now, state, input);
  }

  private Answer ask(String request, String reply, Map<String, String> values)
      throws IOException, BoardFault {
    byte[] bytes;
    try {
      bytes = profile.protocol().request(request, values);
    } catch (ProfileException e) {
      throw new BoardFault("profile " + profile.name() + ": " + e.getMessage());
    }
    boolean kept = link.isOpen();
    try {
      return exchange(bytes, reply, values);
    } catch (ClosedBeforeReply e) {
      link.close();
      if (!kept) {
        throw e;
      }
      // A kept connection the board closed (restart, idle timeout): open it again, ask once more.
      return exchange(bytes, reply, values);
    }
  }

  private Answer exchange(byte[] bytes, String reply, Map<String, String> values)
      throws IOException, BoardFault {
    link.open();
    link.discardPending();
    link.out().write(bytes);
    link.out().flush();
    return profile.protocol().read(link.in(), reply, values);
  }

  private void badPoll(String reason) {
    out.bad(POWER, "1", reason);
    usage.unknown(out.now());
  }

  // --- actions -------------------------------------------------------------------------------

  @Override
  public List<ActionSpec> supported() {
    List<ActionSpec> specs = new ArrayList<>();
    for (Action a : profile.actions().values()) {
      Map<String, String> args = new HashMap<>();
      a.args().forEach((name, values) -> args.put(name, String.join(", ", values.keySet())));
      specs.add(new ActionSpec(a.name(), a.description(), args));
    }
    specs.sort(java.util.Comparator.comparing(ActionSpec::name));
    return specs;
  }

  @Override
  public ActionResult execute(String name, Map<String, String> args) {
    Action action = name == null ? null : profile.actions().get(name);
    if (action == null) {
      return ActionResult.rejected(
          "unknown action '"
              + name
              + "' for profile "
              + profile.name()
              + " (known: "
              + String.join(", ", new java.util.TreeSet<>(profile.actions().keySet()))
              + ")");
    }
    Map<String, String> values = new HashMap<>(ids);
    for (Map.Entry<String, Map<String, String>> arg : action.args().entrySet()) {
      String given = args == null ? null : args.get(arg.getKey());
      String wire =
          given == null ? null : arg.getValue().get(given.trim().toLowerCase(Locale.ROOT));
      if (wire == null) {
        return ActionResult.rejected(
            name
                + " needs "
                + arg.getKey()
                + " = one of "
                + String.join(", ", arg.getValue().keySet())
                + ", got '"
                + given
                + "'");
      }
      values.put(arg.getKey(), wire);
    }
    synchronized (lock) {
      try {
        Answer a = ask(action.send(), action.reply(), values);
        if (a instanceof Answer.Refused r) {
          return ActionResult.refused(where() + ": board refused " + name + ": " + r.detail());
        }
        return ActionResult.done(name + " done" + describe(args));
      } catch (BoardFault f) {
        link.close();
        return ActionResult.refused(where() + ": " + f.getMessage());
      } catch (IOException e) {
        link.close();
        String why =
            e instanceof InterruptedIOException
                ? "no answer within " + config.timeout().toMillis() + "ms"
                : e.getMessage();
        return ActionResult.unreachable(where() + ": " + why);
      }
    }
  }

  private static String describe(Map<String, String> args) {
    return args == null || args.isEmpty() ? "" : " " + new java.util.TreeMap<>(args);
  }

  private String where() {
    return profile.name() + " board at " + link.where();
  }

  @Override
  public void close() {
    synchronized (lock) {
      link.close();
    }
  }
}
