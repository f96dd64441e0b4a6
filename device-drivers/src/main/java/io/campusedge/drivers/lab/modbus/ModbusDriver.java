package io.campusedge.drivers.lab.modbus;

import io.campusedge.drivers.api.ActionResult;
import io.campusedge.drivers.api.DeviceActions;
import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.SensorOutput;
import io.campusedge.drivers.lab.modbus.ModbusFailure.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every configured point of a Modbus TCP device at each poll, one request per point. An
 * exception response makes that point BAD with the code's spec name; the device stays reachable. A
 * lost, silent or garbling connection makes every point of the poll BAD with the reason and the
 * next poll connects again. Writable coils and holding registers become hub actions.
 */
final class ModbusDriver implements DeviceDriver, DeviceActions {
  private static final Logger log = LoggerFactory.getLogger(ModbusDriver.class);

  private final ModbusConfig config;
  private final ModbusTcpClient client;
  private final Object lock = new Object();
  private final Map<String, RegisterPoint> writable = new LinkedHashMap<>();
  private final List<ActionSpec> actions = new ArrayList<>();
  private SensorOutput out;

  ModbusDriver(ModbusConfig config) {
    this.config = config;
    this.client = new ModbusTcpClient(config);
    for (RegisterPoint p : config.points()) {
      if (p.writable()) {
        writable.put(p.name(), p);
      }
    }
    describeActions();
  }

  @Override
  public void open(DriverContext context) {
    this.out = new SensorOutput(config.deviceId(), context);
  }

  @Override
  public Optional<DeviceActions> actions() {
    return writable.isEmpty() ? Optional.empty() : Optional.of(this);
  }

  @Override
  public void poll() {
    if (out == null) {
      throw new IllegalStateException("poll() before open()");
    }
    synchronized (lock) {
      List<Consumer<SensorOutput>> found = new ArrayList<>();
      int gatewayFaults = 0;
      for (RegisterPoint p : config.points()) {
        try {
          found.add(read(p));
        } catch (ModbusFailure e) {
          if (e.problem() != Problem.DEVICE_EXCEPTION) {
            failed(e);
            return;
          }
          String reason = client.where() + ": " + p.where() + " answered " + e.getMessage();
          found.add(o -> o.bad(p.name(), p.unit(), reason));
          gatewayFaults += ModbusExceptionCode.isGatewayFault(e.exceptionCode()) ? 1 : 0;
        } catch (RuntimeException e) {
          log.warn("{}: unexpected driver error", config.deviceId(), e);
          failed(new ModbusFailure(Problem.MALFORMED, "driver error: " + e));
          return;
        }
      }
      if (gatewayFaults == config.points().size()) {
        out.unreachable(client.where() + ": the gateway reports the device does not answer");
      } else {
        out.reachable();
      }
      found.forEach(f -> f.accept(out));
    }
  }

  /** Reads one point and returns how to report it; a value that is not a number is BAD. */
  private Consumer<SensorOutput> read(RegisterPoint p) throws ModbusFailure {
    byte[] request = ModbusCodec.readRequest(p.table(), p.address(), p.quantity());
    byte[] reply = client.exchange(request);
    if (p.table().bits()) {
      boolean on;
      try {
        on = ModbusCodec.bits(request, reply)[0];
      } catch (ModbusFailure e) {
        throw located(e);
      }
      return o -> o.good(p.name(), on, p.unit());
    }
    int[] words;
    try {
      words = ModbusCodec.registers(request, reply);
    } catch (ModbusFailure e) {
      throw located(e);
    }
    double raw = ModbusCodec.decode(words, p.type(), p.wordOrder());
    if (!Double.isFinite(raw)) {
      String reason =
          client.where() + ": " + p.where() + " holds " + raw + " (the device has no valid value)";
      return o -> o.bad(p.name(), p.unit(), reason);
    }
    if (p.type().integral() && p.scale() == 1 && p.offset() == 0) {
      return o -> o.good(p.name(), (long) raw, p.unit());
    }
    double value = raw * p.scale() + p.offset();
    return o -> o.good(p.name(), value, p.unit());
  }

  private ModbusFailure located(ModbusFailure e) {
    return e.problem() == Problem.DEVICE_EXCEPTION
        ? e
        : new ModbusFailure(e.problem(), client.where() + ": " + e.getMessage());
  }

  private void failed(ModbusFailure e) {
    client.close();
    String reason = e.getMessage();
    if (e.unreachable()) {
      out.unreachable(reason);
    }
    for (RegisterPoint p : config.points()) {
      out.bad(p.name(), p.unit(), reason);
    }
  }

  // --- actions -------------------------------------------------------------------------------

  private void describeActions() {
    List<String> coils = new ArrayList<>();
    List<String> registers = new ArrayList<>();
    for (RegisterPoint p : writable.values()) {
      if (p.table() == RegisterTable.COIL) {
        coils.add(p.name());
        String spoken = p.name().replace('_', '-');
        actions.add(new ActionSpec(spoken + "-on", "switch " + p.where() + " on", Map.of()));
        actions.add(new ActionSpec(spoken + "-off", "switch " + p.where() + " off", Map.of()));
      } else {
        registers.add(p.name());
      }
    }
    if (!coils.isEmpty()) {
      actions.add(
          new ActionSpec(
              "set-coil",
              "switch a writable coil",
              Map.of("register", String.join(" or ", coils), "state", "on or off")));
    }
    if (!registers.isEmpty()) {
      actions.add(
          new ActionSpec(
              "set-register",
              "write a holding register in engineering units (scale and offset applied)",
              Map.of("register", String.join(" or ", registers), "value", "a number")));
    }
  }

  @Override
  public List<ActionSpec> supported() {
    return List.copyOf(actions);
  }

  @Override
  public ActionResult execute(String action, Map<String, String> args) {
    Map<String, String> a = args == null ? Map.of() : args;
    String name = action == null ? "" : action;
    for (RegisterPoint p : writable.values()) {
      String spoken = p.name().replace('_', '-');
      if (p.table() == RegisterTable.COIL && name.equals(spoken + "-on")) {
        return writeCoil(p, true);
      }
      if (p.table() == RegisterTable.COIL && name.equals(spoken + "-off")) {
        return writeCoil(p, false);
      }
    }
    return switch (name) {
      case "set-coil" -> setCoil(a);
      case "set-register" -> setRegister(a);
      default ->
          ActionResult.rejected(
              "unknown action '"
                  + action
                  + "' (known: "
                  + String.join(", ", actions.stream().map(ActionSpec::name).toList())
                  + ")");
    };
  }

  private ActionResult setCoil(Map<String, String> a) {
    Optional<RegisterPoint> p = writablePoint(a.get("register"), RegisterTable.COIL);
    if (p.isEmpty()) {
      return ActionResult.rejected(
          "register must name a writable coil, got '" + a.get("register") + "'");
    }
    String state = a.getOrDefault("state", "").trim().toLowerCase(Locale.ROOT);
    if (!state.equals("on") && !state.equals("off")) {
      return ActionResult.rejected("state must be on or off, got '" + a.get("state") + "'");
    }
    return writeCoil(p.get(), state.equals("on"));
  }

  private ActionResult setRegister(Map<String, String> a) {
    Optional<RegisterPoint> found = writablePoint(a.get("register"), RegisterTable.HOLDING);
    if (found.isEmpty()) {
      return ActionResult.rejected(
          "register must name a writable holding register, got '" + a.get("register") + "'");
    }
    RegisterPoint p = found.get();
    double value;
    try {
      value = Double.parseDouble(a.getOrDefault("value", "").trim());
    } catch (NumberFormatException e) {
      return ActionResult.rejected("value must be a number, got '" + a.get("value") + "'");
    }
    double raw = (value - p.offset()) / p.scale();
    if (p.type().integral()) {
      raw = Math.rint(raw);
      if (!Double.isFinite(raw) || raw < p.type().min() || raw > p.type().max()) {
        return ActionResult.rejected(
            p.name() + " " + value + " " + p.unit() + " does not fit a " + p.type().word());
      }
    } else if (!Double.isFinite(value) || Math.abs(raw) > Float.MAX_VALUE) {
      return ActionResult.rejected(p.name() + " must be a finite float32, got " + value);
    }
    int[] words = ModbusCodec.encode(raw, p.type(), p.wordOrder());
    return write(
        ModbusCodec.writeRegisters(p.address(), words),
        p,
        p.name() + " set to " + value + " " + p.unit());
  }

  private Optional<RegisterPoint> writablePoint(String name, RegisterTable table) {
    return Optional.ofNullable(name)
        .map(String::trim)
        .map(writable::get)
        .filter(p -> p.table() == table);
  }

  private ActionResult writeCoil(RegisterPoint p, boolean on) {
    return write(
        ModbusCodec.writeCoil(p.address(), on), p, p.name() + " switched " + (on ? "on" : "off"));
  }

  private ActionResult write(byte[] request, RegisterPoint p, String doneMessage) {
    synchronized (lock) {
      try {
        byte[] reply = client.exchange(request);
        ModbusCodec.writeConfirmed(request, reply);
        return ActionResult.done(doneMessage);
      } catch (ModbusFailure e) {
        if (e.problem() != Problem.DEVICE_EXCEPTION) {
          client.close();
        }
        String message = client.where() + ": writing " + p.where() + ": " + e.getMessage();
        if (e.problem() == Problem.DEVICE_EXCEPTION) {
          int code = e.exceptionCode();
          if (ModbusExceptionCode.isGatewayFault(code)) {
            return ActionResult.unreachable(message);
          }
          return code <= 0x03 ? ActionResult.rejected(message) : ActionResult.refused(message);
        }
        return e.problem() == Problem.MALFORMED
            ? ActionResult.refused(message)
            : ActionResult.unreachable(message);
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      client.close();
    }
  }
}
