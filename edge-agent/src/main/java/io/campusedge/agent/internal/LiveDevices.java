package io.campusedge.agent.internal;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.ConfigException;
import io.campusedge.agent.internal.command.DeviceControl;
import io.campusedge.agent.internal.command.Outcome;
import io.campusedge.agent.internal.health.DeviceHealthSink;
import io.campusedge.agent.internal.scheduler.PollScheduler;
import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.DriverRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices the agent polls now, and the configuration they came from. Devices are added,
 * removed, re-timed and restarted while the agent runs; every change goes through here, one at a
 * time.
 */
final class LiveDevices implements DeviceControl {
  private static final Logger log = LoggerFactory.getLogger(LiveDevices.class);

  /**
   * Runs a device action on a driver, e.g. a projector's power off. Each device family that offers
   * actions plugs in here; a device without one answers every action with REJECTED.
   */
  @FunctionalInterface
  interface ActionRoute {
    Optional<Outcome> perform(DeviceDriver driver, String action, Map<String, String> parameters);
  }

  private record Running(
      AgentConfig.Device device, DeviceDriver driver, PollScheduler.Polling polling) {}

  private final DriverRegistry registry;
  private final PollScheduler scheduler;
  private final Function<AgentConfig, DriverContext> contexts;
  private final DeviceHealthSink health;
  private final ActionRoute actions;
  private final Map<String, Running> running = new LinkedHashMap<>();
  private volatile AgentConfig config;

  LiveDevices(
      AgentConfig config,
      DriverRegistry registry,
      PollScheduler scheduler,
      Function<AgentConfig, DriverContext> contexts,
      DeviceHealthSink health,
      ActionRoute actions) {
    this.config = config;
    this.registry = registry;
    this.scheduler = scheduler;
    this.contexts = contexts;
    this.health = health;
    this.actions = actions;
  }

  AgentConfig config() {
    return config;
  }

  /**
   * The configured devices' drivers, created but not opened; a bad device is refused here, before
   * anything starts.
   */
  synchronized List<DeviceDriver> createAll() throws ConfigException {
    List<DeviceDriver> drivers = new ArrayList<>();
    for (AgentConfig.Device device : config.devices()) {
      try {
        drivers.add(registry.create(device.toSpec()));
      } catch (DriverConfigException e) {
        drivers.forEach(DeviceDriver::close);
        throw new ConfigException(e.getMessage());
      }
    }
    return drivers;
  }

  /** Opens and schedules what {@link #createAll()} gave, in the configured order. */
  synchronized void startAll(List<DeviceDriver> drivers) {
    for (int i = 0; i < drivers.size(); i++) {
      start(config.devices().get(i), drivers.get(i));
    }
  }

  private void start(AgentConfig.Device device, DeviceDriver driver) {
    driver.open(contexts.apply(config));
    running.put(
        device.id(),
        new Running(
            device, driver, scheduler.schedule(device.id(), driver, device.pollInterval())));
  }

  private void stop(String deviceId) {
    Running old = running.remove(deviceId);
    if (old != null) {
      old.polling().stop();
      old.driver().close();
      health.forget(deviceId);
    }
  }

  /**
   * Makes the running devices those of {@code next} (already validated): removed ones stop, new
   * ones start, a changed poll interval re-times the device, any other change restarts it. Returns
   * what changed, in words.
   */
  synchronized String apply(AgentConfig next) throws DriverConfigException {
    Map<String, AgentConfig.Device> wanted = new LinkedHashMap<>();
    next.devices().forEach(d -> wanted.put(d.id(), d));
    Map<String, DeviceDriver> created = new LinkedHashMap<>();
    for (AgentConfig.Device device : wanted.values()) {
      Running now = running.get(device.id());
      if (now == null || !sameDriver(now.device(), device)) {
        try {
          created.put(device.id(), registry.create(device.toSpec()));
        } catch (DriverConfigException e) {
          created.values().forEach(DeviceDriver::close);
          throw e;
        }
      }
    }
    config = next;
    List<String> changes = new ArrayList<>();
    for (String id : new ArrayList<>(running.keySet())) {
      if (!wanted.containsKey(id)) {
        stop(id);
        changes.add("removed " + id);
      }
    }
    for (AgentConfig.Device device : wanted.values()) {
      Running now = running.get(device.id());
      DeviceDriver fresh = created.get(device.id());
      if (fresh != null) {
        stop(device.id());
        start(device, fresh);
        changes.add((now == null ? "added " : "restarted with new settings ") + device.id());
      } else if (!now.device().pollInterval().equals(device.pollInterval())) {
        now.polling().stop();
        running.put(
            device.id(),
            new Running(
                device,
                now.driver(),
                scheduler.schedule(device.id(), now.driver(), device.pollInterval())));
        changes.add(
            "polling " + device.id() + " every " + device.pollInterval().toMillis() + " ms");
      } else {
        running.put(device.id(), new Running(device, now.driver(), now.polling()));
      }
    }
    log.info("Devices changed: {}", changes.isEmpty() ? "nothing" : String.join("; ", changes));
    return changes.isEmpty() ? "no device changed" : String.join("; ", changes);
  }

  /** The same driver can carry on when only the poll interval changed. */
  private static boolean sameDriver(AgentConfig.Device a, AgentConfig.Device b) {
    return a.type().equals(b.type()) && a.room().equals(b.room()) && a.params().equals(b.params());
  }

  @Override
  public synchronized Outcome restart(String deviceId) {
    Running now = running.get(deviceId);
    if (now == null) {
      return Outcome.rejected(unknown(deviceId));
    }
    DeviceDriver fresh;
    try {
      fresh = registry.create(now.device().toSpec());
    } catch (DriverConfigException e) {
      return Outcome.failed("device " + deviceId + " cannot be created again: " + e.getMessage());
    }
    stop(deviceId);
    start(now.device(), fresh);
    log.info("Device {} restarted (driver closed and opened again)", deviceId);
    return Outcome.ok("device " + deviceId + " restarted");
  }

  @Override
  public synchronized Outcome action(
      String deviceId, String action, Map<String, String> parameters) {
    Running now = running.get(deviceId);
    if (now == null) {
      return Outcome.rejected(unknown(deviceId));
    }
    if (action.isBlank()) {
      return Outcome.rejected("device_action needs an action name");
    }
    return actions
        .perform(now.driver(), action, parameters)
        .orElseGet(
            () ->
                Outcome.rejected(
                    "device "
                        + deviceId
                        + " ("
                        + now.device().type()
                        + ") has no action '"
                        + action
                        + "'; nothing was done"));
  }

  private String unknown(String deviceId) {
    return "no device '"
        + deviceId
        + "' on this gateway (it has: "
        + String.join(", ", running.keySet())
        + ")";
  }

  synchronized void closeAll() {
    running.values().forEach(r -> r.polling().stop());
    running.values().forEach(r -> r.driver().close());
    running.clear();
  }
}
