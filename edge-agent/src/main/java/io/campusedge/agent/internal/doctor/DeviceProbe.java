package io.campusedge.agent.internal.doctor;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.api.RecordSink;
import io.campusedge.drivers.bus.Buses;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens one configured device with its real driver, as {@code run} does, polls it once and says
 * GOOD or BAD with the driver's own reason. Nothing is stored or sent.
 */
final class DeviceProbe {
  private final DriverRegistry registry;
  private final DoctorEnvironment env;

  DeviceProbe(DriverRegistry registry, DoctorEnvironment env) {
    this.registry = registry;
    this.env = env;
  }

  Check probe(AgentConfig config, AgentConfig.Device device, Buses buses) {
    String name = "device " + device.id() + " (" + device.type() + ")";
    DeviceDriver driver;
    try {
      driver = registry.create(device.toSpec());
    } catch (DriverConfigException e) {
      return Check.fail(name, e.getMessage(), "fix this device's entry in agent.yaml");
    }
    Collected seen = new Collected();
    ExecutorService worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "campusedge-doctor-" + device.id());
              t.setDaemon(true);
              return t;
            });
    try {
      Future<?> poll =
          worker.submit(
              () -> {
                driver.open(new DriverContext(seen, env.clock(), buses, config.siteKey()));
                driver.poll();
              });
      poll.get(env.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Check.fail(
          name,
          "BAD: no answer within " + env.timeout().toMillis() + " ms",
          "check the device's power, cable and address (" + device.params() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Check.warn(name, "probe interrupted", "run doctor again");
    } catch (java.util.concurrent.ExecutionException e) {
      return Check.fail(
          name,
          "BAD: the driver failed: " + e.getCause(),
          "report this to the CampusEdge team with the log");
    } finally {
      worker.shutdownNow();
      driver.close();
    }
    return seen.verdict(name);
  }

  /** What one poll produced; BAD wins over GOOD. */
  private static final class Collected implements RecordSink {
    private final List<String> bad = new ArrayList<>();
    private int good;
    private int other;

    @Override
    public synchronized void reading(Reading reading) {
      if (reading.getQuality() == Quality.QUALITY_GOOD) {
        good++;
      } else {
        bad.add(reading.getMetric() + ": " + reading.getQualityReason());
      }
    }

    @Override
    public synchronized void cardTap(CardTap tap) {
      other++;
    }

    @Override
    public synchronized void equipmentEvent(EquipmentEvent event) {
      other++;
    }

    @Override
    public synchronized void deviceStatus(DeviceStatus status) {
      if (!status.getReachable()) {
        bad.add(status.getError());
      } else {
        other++;
      }
    }

    synchronized Check verdict(String name) {
      if (!bad.isEmpty()) {
        return Check.fail(
            name,
            "BAD: " + String.join("; ", bad.stream().distinct().toList()),
            "check the wiring and power of this device (see hardware.md); the agent retries by"
                + " itself");
      }
      if (good == 0 && other == 0) {
        // Event-driven devices (card readers, PIR) report only when something happens.
        return Check.ok(name, "opened; no reading yet (it reports when something happens)");
      }
      return Check.ok(name, "GOOD (" + (good + other) + " value(s) read)");
    }
  }
}
