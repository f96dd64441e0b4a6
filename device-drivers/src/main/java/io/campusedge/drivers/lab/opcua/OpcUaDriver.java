package io.campusedge.drivers.lab.opcua;

import io.campusedge.drivers.api.ActionResult;
import io.campusedge.drivers.api.DeviceActions;
import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.SensorOutput;
import io.campusedge.protos.v1.Quality;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches an OPC UA instrument through a subscription. Each poll hands over what changed since the
 * last one: equipment events for every change of a state, run or alarm point, in order, and one
 * reading per point with its newest value and the quality its status code gives. A server that
 * cannot be reached, or a session that was lost, makes the device unreachable with the reason and
 * every point BAD; the next poll connects and subscribes again, so values resume by themselves.
 */
final class OpcUaDriver implements DeviceDriver, DeviceActions {
  private static final Logger log = LoggerFactory.getLogger(OpcUaDriver.class);

  private final OpcUaConfig config;
  private final EquipmentTracker tracker;
  private final Map<String, OpcUaPoint> writable = new LinkedHashMap<>();
  private final Map<String, DataValue> latest = new LinkedHashMap<>();
  private final Object lock = new Object();
  private DriverContext context;
  private SensorOutput out;
  private InstrumentLink link;

  OpcUaDriver(OpcUaConfig config) {
    this.config = config;
    this.tracker = new EquipmentTracker(config.deviceId());
    for (OpcUaPoint p : config.points()) {
      if (p.writable()) {
        writable.put(p.metric(), p);
      }
    }
  }

  @Override
  public void open(DriverContext context) {
    this.context = context;
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
      try {
        if (!connected()) {
          return;
        }
        for (InstrumentLink.Update u : link.drain()) {
          latest.put(u.point().metric(), u.value());
          DataValueMapping.typed(u.value().getValue())
              .filter(v -> u.value().getStatusCode().isGood())
              .ifPresent(
                  v ->
                      tracker
                          .update(u.point(), v, out.now())
                          .forEach(e -> context.sink().equipmentEvent(e)));
        }
        for (AlarmEvents.Notice n : link.drainAlarms()) {
          tracker.alarmEvent(n).forEach(e -> context.sink().equipmentEvent(e));
        }
        for (OpcUaPoint p : config.points()) {
          if (p.kind() == PointKind.ALARMS) {
            reportAlarms(p);
            continue;
          }
          DataValue dv = latest.get(p.metric());
          if (dv != null) {
            report(p, dv);
          }
        }
      } catch (RuntimeException e) {
        log.warn("{}: unexpected driver error", config.deviceId(), e);
        disconnect("driver error: " + e);
      }
    }
  }

  /** Whether a usable link is open now, opening one if needed; reports the outage if not. */
  private boolean connected() {
    if (link != null && link.lost().isPresent()) {
      disconnect(config.endpointUrl() + ": " + link.lost().get());
    }
    if (link != null) {
      return true;
    }
    try {
      link = InstrumentLink.open(config);
      out.reachable();
      return true;
    } catch (UaException e) {
      disconnect(config.endpointUrl() + ": " + reason(e));
    } catch (RuntimeException e) {
      disconnect(config.endpointUrl() + ": " + e.getMessage());
    }
    return false;
  }

  private void disconnect(String reason) {
    if (link != null) {
      link.close();
      link = null;
    }
    latest.clear();
    out.unreachable(reason);
    for (OpcUaPoint p : config.points()) {
      out.bad(p.metric(), p.unit(), reason);
    }
  }

  private static String reason(UaException e) {
    String name = DataValueMapping.statusName(e.getStatusCode());
    String message = e.getMessage() == null ? "" : e.getMessage();
    return message.contains(name) ? message : name + ": " + message;
  }

  /**
   * An alarms point's reading: how many conditions its events left active, or BAD with the status
   * when the event item could not be created (a node that is no event notifier, say).
   */
  private void reportAlarms(OpcUaPoint p) {
    DataValue failed = latest.get(p.metric());
    if (failed != null && failed.getStatusCode() != null && failed.getStatusCode().isBad()) {
      report(p, failed);
      return;
    }
    out.good(p.metric(), (long) tracker.activeAlarms(p), p.unit());
  }

  private void report(OpcUaPoint p, DataValue dv) {
    StatusCode status = dv.getStatusCode() == null ? StatusCode.GOOD : dv.getStatusCode();
    Quality quality = DataValueMapping.quality(status);
    if (quality == Quality.QUALITY_BAD) {
      out.bad(
          p.metric(), p.unit(), DataValueMapping.statusName(status) + " (" + p.node().text() + ")");
      return;
    }
    Optional<UaValue> value = DataValueMapping.typed(dv.getValue());
    if (value.isEmpty()) {
      out.bad(
          p.metric(),
          p.unit(),
          p.node().text()
              + " holds a "
              + DataValueMapping.typeName(dv.getValue())
              + ", which a reading cannot carry");
      return;
    }
    if (quality == Quality.QUALITY_UNCERTAIN) {
      String why = DataValueMapping.statusName(status);
      UaValue v = value.get();
      if (v instanceof UaValue.Real r) {
        out.uncertain(p.metric(), r.value(), p.unit(), why);
      } else if (v instanceof UaValue.Whole w) {
        out.uncertain(p.metric(), (double) w.value(), p.unit(), why);
      } else {
        out.bad(p.metric(), p.unit(), why + ": " + v.text());
      }
      return;
    }
    good(p, value.get());
  }

  private void good(OpcUaPoint p, UaValue v) {
    if (v instanceof UaValue.Real r) {
      out.good(p.metric(), r.value(), p.unit());
    } else if (v instanceof UaValue.Whole w) {
      out.good(p.metric(), w.value(), p.unit());
    } else if (v instanceof UaValue.Flag f) {
      out.good(p.metric(), f.value(), p.unit());
    } else {
      out.good(p.metric(), v.text(), p.unit());
    }
  }

  // --- actions -------------------------------------------------------------------------------

  @Override
  public List<ActionSpec> supported() {
    List<ActionSpec> specs = new ArrayList<>();
    for (OpcUaPoint p : writable.values()) {
      specs.add(
          new ActionSpec(
              "set-" + p.metric().replace('_', '-'),
              "write " + p.metric() + " (" + p.node().text() + ")",
              Map.of("value", "a value in " + p.unit())));
    }
    specs.add(
        new ActionSpec(
            "write",
            "write a writable point",
            Map.of("point", String.join(" or ", writable.keySet()), "value", "the new value")));
    return specs;
  }

  @Override
  public ActionResult execute(String action, Map<String, String> args) {
    Map<String, String> a = args == null ? Map.of() : args;
    String name = action == null ? "" : action;
    Optional<OpcUaPoint> point = Optional.empty();
    if (name.equals("write")) {
      point = Optional.ofNullable(writable.get(a.getOrDefault("point", "").trim()));
      if (point.isEmpty()) {
        return ActionResult.rejected(
            "point must name a writable point ("
                + String.join(", ", writable.keySet())
                + "), got '"
                + a.get("point")
                + "'");
      }
    } else if (name.startsWith("set-")) {
      point = Optional.ofNullable(writable.get(name.substring(4).replace('-', '_')));
    }
    if (point.isEmpty()) {
      return ActionResult.rejected(
          "unknown action '"
              + action
              + "' (known: "
              + String.join(", ", supported().stream().map(ActionSpec::name).toList())
              + ")");
    }
    return write(point.get(), a.get("value"));
  }

  private ActionResult write(OpcUaPoint p, String text) {
    if (text == null || text.isBlank()) {
      return ActionResult.rejected("value is required for " + p.metric());
    }
    synchronized (lock) {
      if (link == null || link.lost().isPresent()) {
        return ActionResult.unreachable(
            config.endpointUrl() + ": not connected; " + p.metric() + " was not written");
      }
      try {
        Optional<Variant> current = link.currentValue(p);
        if (current.isEmpty()) {
          return ActionResult.refused(
              p.metric() + " has no value yet, so its data type is unknown; try again");
        }
        Optional<Variant> value = VariantParsing.like(current.get(), text.trim());
        if (value.isEmpty()) {
          return ActionResult.rejected(
              "'"
                  + text
                  + "' is not a "
                  + DataValueMapping.typeName(current.get())
                  + " for "
                  + p.metric());
        }
        StatusCode status = link.write(p, value.get());
        if (status.isGood()) {
          return ActionResult.done(p.metric() + " set to " + text.trim() + " " + p.unit());
        }
        String why = DataValueMapping.statusName(status);
        return why.equals("Bad_OutOfRange")
                || why.equals("Bad_TypeMismatch")
                || why.equals("Bad_NotWritable")
            ? ActionResult.rejected(p.metric() + ": the instrument answered " + why)
            : ActionResult.refused(p.metric() + ": the instrument answered " + why);
      } catch (UaException e) {
        return ActionResult.unreachable(config.endpointUrl() + ": " + reason(e));
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (link != null) {
        link.close();
        link = null;
      }
    }
  }
}
