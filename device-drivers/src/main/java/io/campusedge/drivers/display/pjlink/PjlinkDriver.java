package io.campusedge.drivers.display.pjlink;

import io.campusedge.drivers.api.ActionResult;
import io.campusedge.drivers.api.DeviceActions;
import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.SensorOutput;
import io.campusedge.drivers.display.DisplayUsage;
import io.campusedge.drivers.display.PowerState;
import io.campusedge.drivers.display.pjlink.PjlinkCodec.ErrorItem;
import io.campusedge.drivers.display.pjlink.PjlinkCodec.ErrorLevel;
import io.campusedge.drivers.display.pjlink.PjlinkCodec.Lamp;
import io.campusedge.drivers.display.pjlink.PjlinkCodec.Mute;
import io.campusedge.drivers.display.pjlink.PjlinkCodec.Notice;
import io.campusedge.drivers.display.pjlink.PjlinkCodec.Reply;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Severity;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a PJLink class 1 or class 2 projector or flat panel at each poll: power, input, mute, error
 * status, lamp hours, and (class 2) input name, input resolution and filter hours; once per
 * connection its name, maker, model and class. Power and input feed {@link DisplayUsage}; error
 * status changes become alarms. Class 2 status notifications received between polls are applied at
 * the next poll with the time they arrived. Actions: power on/off, input, mute.
 */
final class PjlinkDriver implements DeviceDriver, DeviceActions {
  private static final Logger log = LoggerFactory.getLogger(PjlinkDriver.class);
  static final String POWER = "power_state";

  private final PjlinkConfig config;
  private final PjlinkClient client;
  private final DisplayUsage usage;
  private final Object lock = new Object();
  private final Set<String> unsupported = new HashSet<>();
  private final Map<ErrorItem, ErrorLevel> alarms = new EnumMap<>(ErrorItem.class);
  private final Queue<TimedNotice> notices = new ConcurrentLinkedQueue<>();
  private DriverContext context;
  private SensorOutput out;
  private AutoCloseable subscription;
  private int pjlinkClass;
  private boolean infoSent;
  private Optional<PowerState> lastPower = Optional.empty();

  private record TimedNotice(long atMs, Notice notice) {}

  PjlinkDriver(PjlinkConfig config) {
    this.config = config;
    this.client = new PjlinkClient(config);
    this.usage =
        new DisplayUsage(
            config.deviceId(),
            config.zone(),
            Math.max(3 * config.pollInterval().toMillis(), 60_000));
    this.pjlinkClass = config.pjlinkClass();
  }

  @Override
  public void open(DriverContext context) {
    this.context = context;
    this.out = new SensorOutput(config.deviceId(), context);
    usage.bind(context.sink());
    if (config.notifyPort() > 0) {
      try {
        InetAddress projector = InetAddress.getByName(config.host());
        subscription =
            PjlinkNotifications.subscribe(
                config.notifyPort(),
                projector,
                n -> notices.add(new TimedNotice(context.clock().millis(), n)));
      } catch (Exception e) {
        log.warn(
            "{}: cannot listen for PJLink notifications on UDP {}: {}",
            config.deviceId(),
            config.notifyPort(),
            e.toString());
      }
    }
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
      applyNotices();
      List<Consumer<SensorOutput>> found = new ArrayList<>();
      try {
        read(found);
      } catch (PjlinkException e) {
        failed(e);
        return;
      } catch (RuntimeException e) {
        log.warn("{}: unexpected driver error", config.deviceId(), e);
        client.close();
        failed(new PjlinkException(PjlinkException.Problem.MALFORMED, "driver error: " + e));
        return;
      }
      out.reachable();
      found.forEach(f -> f.accept(out));
    }
  }

  /** Asks everything and queues what to report, so a poll that breaks off reports nothing half. */
  private void read(List<Consumer<SensorOutput>> found) throws PjlinkException {
    if (pjlinkClass == 0) {
      Optional<String> cls = value(1, "CLSS", found, "pjlink_class", "1");
      pjlinkClass = cls.flatMap(PjlinkCodec::pjlinkClass).orElse(1);
    }
    if (!infoSent) {
      info(found);
    }
    Optional<PowerState> power = checked(1, "POWR", POWER, "1", PjlinkCodec::power, found);
    power.ifPresent(p -> found.add(o -> o.good(POWER, p.word(), "1")));
    Optional<String> input = Optional.empty();
    if (power.map(PowerState::inUse).orElse(false)) {
      input = inputAndMute(found);
    }
    errorStatus(found);
    lamps(found);
    if (pjlinkClass >= 2) {
      checked(2, "FILT", "filter_hours", "h", PjlinkCodec::hours, found)
          .ifPresent(h -> found.add(o -> o.good("filter_hours", h, "h")));
    }
    long now = out.now();
    Optional<String> seenInput = input;
    found.add(
        o -> {
          lastPower = power;
          if (power.isPresent()) {
            usage.observe(now, power.get(), seenInput);
          } else {
            usage.unknown(now);
          }
        });
    if (!infoSent) {
      found.add(o -> infoSent = true);
    }
  }

  private void info(List<Consumer<SensorOutput>> found) throws PjlinkException {
    found.add(o -> o.good("pjlink_class", (long) pjlinkClass, "1"));
    text(1, "NAME", "projector_name", found);
    text(1, "INF1", "manufacturer", found);
    text(1, "INF2", "model", found);
    text(1, "INFO", "other_info", found);
    if (pjlinkClass >= 2) {
      text(2, "SNUM", "serial_number", found);
      text(2, "SVER", "software_version", found);
    }
  }

  private void text(int cls, String body, String metric, List<Consumer<SensorOutput>> found)
      throws PjlinkException {
    value(cls, body, found, metric, "1").ifPresent(v -> found.add(o -> o.good(metric, v, "1")));
  }

  private Optional<String> inputAndMute(List<Consumer<SensorOutput>> found) throws PjlinkException {
    int cls = pjlinkClass >= 2 ? 2 : 1;
    Optional<String> input =
        checked(
            cls,
            "INPT",
            "input",
            "1",
            v -> PjlinkCodec.validInput(v) ? Optional.of(v) : Optional.empty(),
            found);
    input.ifPresent(i -> found.add(o -> o.good("input", i, "1")));
    if (cls >= 2 && input.isPresent()) {
      value(2, "INNM", "?" + input.get(), found, "input_name", "1")
          .ifPresent(n -> found.add(o -> o.good("input_name", n, "1")));
      checked(2, "IRES", "input_resolution", "1", PjlinkCodec::resolution, found)
          .ifPresent(r -> found.add(o -> o.good("input_resolution", r, "1")));
    }
    Optional<Mute> mute = checked(1, "AVMT", "video_mute", "1", PjlinkCodec::mute, found);
    mute.ifPresent(
        m ->
            found.add(
                o -> {
                  o.good("video_mute", m.video(), "1");
                  o.good("audio_mute", m.audio(), "1");
                }));
    return input;
  }

  private void errorStatus(List<Consumer<SensorOutput>> found) throws PjlinkException {
    Optional<List<ErrorLevel>> levels =
        checked(1, "ERST", "error_status", "1", PjlinkCodec::errorStatus, found);
    if (levels.isEmpty()) {
      return;
    }
    long now = out.now();
    StringBuilder digits = new StringBuilder();
    levels.get().forEach(l -> digits.append(l.ordinal()));
    found.add(
        o -> {
          o.good("error_status", digits.toString(), "1");
          alarms(now, levels.get());
        });
  }

  private void lamps(List<Consumer<SensorOutput>> found) throws PjlinkException {
    Optional<List<Lamp>> lamps = checked(1, "LAMP", "lamp_hours", "h", PjlinkCodec::lamps, found);
    lamps.ifPresent(
        list ->
            found.add(
                o -> {
                  for (int i = 0; i < list.size(); i++) {
                    o.good(
                        i == 0 ? "lamp_hours" : "lamp" + (i + 1) + "_hours",
                        list.get(i).hours(),
                        "h");
                  }
                }));
  }

  /**
   * Asks {@code body ?}; a value the parser refuses or an error reply becomes a BAD {@code metric}
   * with the reason. ERR1 (not supported) is remembered and never asked again.
   */
  private <T> Optional<T> checked(
      int cls,
      String body,
      String metric,
      String unit,
      java.util.function.Function<String, Optional<T>> parse,
      List<Consumer<SensorOutput>> found)
      throws PjlinkException {
    Optional<String> raw = value(cls, body, "?", found, metric, unit);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    Optional<T> parsed = parse.apply(raw.get());
    if (parsed.isEmpty()) {
      String reason =
          where() + ": malformed " + body + " value '" + PjlinkCodec.printable(raw.get()) + "'";
      found.add(o -> o.bad(metric, unit, reason));
    }
    return parsed;
  }

  private Optional<String> value(
      int cls, String body, List<Consumer<SensorOutput>> found, String metric, String unit)
      throws PjlinkException {
    return value(cls, body, "?", found, metric, unit);
  }

  private Optional<String> value(
      int cls,
      String body,
      String parameter,
      List<Consumer<SensorOutput>> found,
      String metric,
      String unit)
      throws PjlinkException {
    if (unsupported.contains(body)) {
      return Optional.empty();
    }
    Reply reply = client.send(cls, body, parameter);
    if (reply instanceof Reply.Value v) {
      return Optional.of(v.text());
    }
    PjlinkError error = ((Reply.Failed) reply).error();
    // ERR1 to an optional query (LAMP on a laser projector, INNM, ...) means "not supported".
    if (error == PjlinkError.ERR1 && !body.equals("POWR")) {
      unsupported.add(body);
      log.info("{}: projector does not support {} (ERR1)", config.deviceId(), body);
      return Optional.empty();
    }
    String reason = where() + ": " + body + " answered " + error.describe();
    found.add(o -> o.bad(metric, unit, reason));
    return Optional.empty();
  }

  private void alarms(long now, List<ErrorLevel> levels) {
    for (ErrorItem item : ErrorItem.values()) {
      ErrorLevel level = levels.get(item.ordinal());
      ErrorLevel before = alarms.getOrDefault(item, ErrorLevel.OK);
      if (level == before) {
        continue;
      }
      alarms.put(item, level);
      boolean cleared = level == ErrorLevel.OK;
      ErrorLevel shown = cleared ? before : level;
      context
          .sink()
          .equipmentEvent(
              EquipmentEvent.newBuilder()
                  .setDeviceId(config.deviceId())
                  .setSourceTimeMs(now)
                  .setKind(
                      cleared
                          ? EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_CLEARED
                          : EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED)
                  .setAlarmCode(item.code())
                  .setSeverity(
                      shown == ErrorLevel.ERROR
                          ? Severity.SEVERITY_CRITICAL
                          : Severity.SEVERITY_WARNING)
                  .setMessage(
                      "projector reports "
                          + item.code()
                          + " "
                          + shown.name().toLowerCase(java.util.Locale.ROOT)
                          + (cleared ? " cleared" : "")
                          + " (PJLink ERST)")
                  .build());
    }
  }

  /** Class 2 notifications that arrived since the last poll, in order, at their own time. */
  private void applyNotices() {
    TimedNotice t;
    while ((t = notices.poll()) != null) {
      Notice n = t.notice();
      long at = t.atMs();
      switch (n.body()) {
        case "POWR" -> PjlinkCodec.power(n.value()).ifPresent(p -> noticePower(at, p));
        case "INPT" -> {
          if (PjlinkCodec.validInput(n.value()) && lastPower.map(PowerState::inUse).orElse(false)) {
            usage.observe(at, lastPower.get(), Optional.of(n.value()));
          }
        }
        case "ERST" -> PjlinkCodec.errorStatus(n.value()).ifPresent(l -> alarms(at, l));
        case "LKUP" -> {
          log.info("{}: projector announced itself on the network (LKUP)", config.deviceId());
          infoSent = false;
        }
        default -> log.debug("{}: notification {} ignored", config.deviceId(), n.body());
      }
    }
  }

  private void noticePower(long at, PowerState p) {
    lastPower = Optional.of(p);
    usage.observe(at, p, Optional.empty());
  }

  private void failed(PjlinkException e) {
    String reason = e.getMessage();
    client.close();
    boolean gone = e.unreachable() || e.problem() == PjlinkException.Problem.AUTH;
    if (gone) {
      out.unreachable(reason);
      infoSent = false;
    }
    out.bad(POWER, "1", reason);
    lastPower = Optional.empty();
    usage.unknown(out.now());
  }

  // --- actions -------------------------------------------------------------------------------

  private static final List<ActionSpec> ACTIONS =
      List.of(
          new ActionSpec("power-on", "switch the projector on", Map.of()),
          new ActionSpec("power-off", "switch the projector to standby", Map.of()),
          new ActionSpec(
              "input",
              "select an input",
              Map.of(
                  "input", "PJLink input code: type 1-6 then terminal 1-9 (A-Z class 2), e.g. 31")),
          new ActionSpec(
              "mute",
              "mute or unmute picture and/or sound",
              Map.of(
                  "target",
                  "video, audio or both (default both)",
                  "state",
                  "on or off (default on)")));

  @Override
  public List<ActionSpec> supported() {
    return ACTIONS;
  }

  @Override
  public ActionResult execute(String action, Map<String, String> args) {
    Map<String, String> a = args == null ? Map.of() : args;
    switch (action == null ? "" : action) {
      case "power-on":
        return run(1, "POWR", "1", "projector switching on");
      case "power-off":
        return run(1, "POWR", "0", "projector switching to standby");
      case "input":
        {
          String input = a.getOrDefault("input", "").trim().toUpperCase(java.util.Locale.ROOT);
          if (!PjlinkCodec.validInput(input)) {
            return ActionResult.rejected(
                "input must be a PJLink input code like 31 (HDMI/DIGITAL 1), got '"
                    + a.get("input")
                    + "'");
          }
          boolean needsClass2 = input.charAt(0) == '6' || !Character.isDigit(input.charAt(1));
          return run(needsClass2 ? 2 : 1, "INPT", input, "input " + input + " selected");
        }
      case "mute":
        {
          String target = a.getOrDefault("target", "both");
          String state = a.getOrDefault("state", "on");
          String kind =
              switch (target) {
                case "video" -> "1";
                case "audio" -> "2";
                case "both" -> "3";
                default -> "";
              };
          if (kind.isEmpty() || !(state.equals("on") || state.equals("off"))) {
            return ActionResult.rejected(
                "mute takes target=video|audio|both and state=on|off, got target='"
                    + target
                    + "' state='"
                    + state
                    + "'");
          }
          return run(1, "AVMT", kind + (state.equals("on") ? "1" : "0"), target + " mute " + state);
        }
      default:
        return ActionResult.rejected(
            "unknown action '" + action + "' (known: power-on, power-off, input, mute)");
    }
  }

  private ActionResult run(int cls, String body, String parameter, String doneMessage) {
    synchronized (lock) {
      try {
        Reply reply = client.send(cls, body, parameter);
        if (reply instanceof Reply.Value v) {
          return v.text().equals("OK")
              ? ActionResult.done(doneMessage)
              : ActionResult.refused(
                  where()
                      + ": unexpected answer '"
                      + PjlinkCodec.printable(v.text())
                      + "' to "
                      + body);
        }
        PjlinkError error = ((Reply.Failed) reply).error();
        String message = where() + ": " + body + " " + parameter + " answered " + error.describe();
        return error == PjlinkError.ERR1 || error == PjlinkError.ERR2
            ? ActionResult.rejected(message)
            : ActionResult.refused(message);
      } catch (PjlinkException e) {
        client.close();
        return e.problem() == PjlinkException.Problem.AUTH
            ? ActionResult.refused(e.getMessage())
            : ActionResult.unreachable(e.getMessage());
      }
    }
  }

  private String where() {
    return "projector " + config.host();
  }

  @Override
  public void close() {
    synchronized (lock) {
      client.close();
    }
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.debug("{}: closing notification listener: {}", config.deviceId(), e.toString());
      }
    }
  }
}
