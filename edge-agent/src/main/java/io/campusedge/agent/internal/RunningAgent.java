package io.campusedge.agent.internal;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentStartException;
import io.campusedge.agent.api.ConfigException;
import io.campusedge.agent.api.EdgeAgent;
import io.campusedge.agent.api.OutboxStatus;
import io.campusedge.agent.internal.clock.AgentClock;
import io.campusedge.agent.internal.clock.TimesyncProbe;
import io.campusedge.agent.internal.outbox.H2Outbox;
import io.campusedge.agent.internal.outbox.Outbox;
import io.campusedge.agent.internal.outbox.OutboxException;
import io.campusedge.agent.internal.scheduler.OutboxSink;
import io.campusedge.agent.internal.scheduler.PollScheduler;
import io.campusedge.agent.internal.uplink.PahoUplink;
import io.campusedge.agent.internal.uplink.Uplink;
import io.campusedge.agent.internal.uplink.UplinkException;
import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.bus.Buses;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's object graph, built by hand: clock, outbox, drivers, scheduler, uplink. */
public final class RunningAgent implements EdgeAgent {
  private static final Logger log = LoggerFactory.getLogger(RunningAgent.class);

  private final AgentConfig config;
  private final Outbox outbox;
  private final List<DeviceDriver> drivers;
  private final PollScheduler scheduler;
  private final Uplink uplink;
  private boolean closed;

  private RunningAgent(
      AgentConfig config,
      Outbox outbox,
      List<DeviceDriver> drivers,
      PollScheduler scheduler,
      Uplink uplink) {
    this.config = config;
    this.outbox = outbox;
    this.drivers = drivers;
    this.scheduler = scheduler;
    this.uplink = uplink;
  }

  public static EdgeAgent start(AgentConfig config, DriverRegistry registry, Buses buses)
      throws ConfigException, AgentStartException {
    List<DeviceDriver> drivers = createDrivers(config, registry);
    AgentClock clock =
        new AgentClock(
            Clock.systemUTC(),
            config.clock().assumeSynced()
                ? TimesyncProbe.assumeSynced()
                : new TimesyncProbe(TimesyncProbe.SYNCHRONIZED));
    Outbox outbox;
    try {
      outbox =
          H2Outbox.open(config.outboxFile(), clock.wall(), config.gatewayId(), config.outbox());
    } catch (OutboxException e) {
      throw new AgentStartException(e.getMessage(), e);
    }
    Uplink uplink;
    try {
      uplink = new PahoUplink(config, outbox, clock);
    } catch (UplinkException e) {
      outbox.close();
      throw new AgentStartException(e.getMessage(), e);
    }
    OutboxSink sink = new OutboxSink(outbox, clock);
    int threads = Math.max(1, Math.min(4, drivers.size()));
    PollScheduler scheduler = new PollScheduler(config.gatewayId(), threads, sink, clock.wall());
    for (int i = 0; i < drivers.size(); i++) {
      AgentConfig.Device device = config.devices().get(i);
      drivers.get(i).open(new DriverContext(sink, clock.wall(), buses));
      scheduler.schedule(device.id(), drivers.get(i), device.pollInterval());
    }
    uplink.start();
    log.info(
        "Gateway {} of {} started: {} devices, outbox epoch {}",
        config.gatewayId(),
        config.site(),
        drivers.size(),
        outbox.epoch());
    return new RunningAgent(config, outbox, drivers, scheduler, uplink);
  }

  private static List<DeviceDriver> createDrivers(AgentConfig config, DriverRegistry registry)
      throws ConfigException {
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

  @Override
  public String gatewayId() {
    return config.gatewayId();
  }

  @Override
  public OutboxStatus outboxStats() {
    try {
      return outbox.stats();
    } catch (OutboxException e) {
      log.warn("Outbox stats unavailable: {}", e.getMessage());
      return OutboxStatus.empty(outbox.epoch());
    }
  }

  @Override
  public boolean isConnected() {
    return uplink.isConnected();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.close();
    drivers.forEach(DeviceDriver::close);
    awaitOutboxWrites();
    uplink.close();
    outbox.close();
    log.info("Gateway {} stopped", config.gatewayId());
  }

  private void awaitOutboxWrites() {
    try {
      outbox.flush().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("Outbox writes not confirmed before stop: {}", e.toString());
    }
  }
}
