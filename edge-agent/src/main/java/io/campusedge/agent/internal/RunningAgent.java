package io.campusedge.agent.internal;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.AgentStartException;
import io.campusedge.agent.api.ConfigException;
import io.campusedge.agent.api.EdgeAgent;
import io.campusedge.agent.api.OutboxStatus;
import io.campusedge.agent.internal.clock.AgentClock;
import io.campusedge.agent.internal.clock.TimesyncProbe;
import io.campusedge.agent.internal.command.CommandHandler;
import io.campusedge.agent.internal.command.ConfigChanges;
import io.campusedge.agent.internal.command.UpdateOffers;
import io.campusedge.agent.internal.config.ConfigFile;
import io.campusedge.agent.internal.health.DeviceHealthSink;
import io.campusedge.agent.internal.health.HealthReport;
import io.campusedge.agent.internal.health.HealthReporter;
import io.campusedge.agent.internal.health.UplinkCounters;
import io.campusedge.agent.internal.outbox.DiskFullOutbox;
import io.campusedge.agent.internal.outbox.H2Outbox;
import io.campusedge.agent.internal.outbox.Outbox;
import io.campusedge.agent.internal.outbox.OutboxException;
import io.campusedge.agent.internal.scheduler.OutboxSink;
import io.campusedge.agent.internal.scheduler.PollScheduler;
import io.campusedge.agent.internal.status.StatusServer;
import io.campusedge.agent.internal.update.UpdateConfirmation;
import io.campusedge.agent.internal.update.UpdateHooks;
import io.campusedge.agent.internal.update.UpdateInstaller;
import io.campusedge.agent.internal.update.Versions;
import io.campusedge.agent.internal.uplink.PahoUplink;
import io.campusedge.agent.internal.uplink.SoftwareVersion;
import io.campusedge.agent.internal.uplink.SparkplugUplink;
import io.campusedge.agent.internal.uplink.Uplink;
import io.campusedge.agent.internal.uplink.UplinkException;
import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.bus.Buses;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's object graph, built by hand: clock, outbox, drivers, scheduler, uplink, commands,
 * health and the status page.
 */
public final class RunningAgent implements EdgeAgent {
  private static final Logger log = LoggerFactory.getLogger(RunningAgent.class);
  private static final long CONFIRMATION_CHECK_MS = 2_000;

  private final LiveDevices devices;
  private final Outbox outbox;
  private final PollScheduler scheduler;
  private final Uplink uplink;
  private final HealthReporter health;
  private final Optional<StatusServer> status;
  private Optional<UpdateConfirmation> confirmation = Optional.empty();
  private boolean closed;

  private RunningAgent(
      LiveDevices devices,
      Outbox outbox,
      PollScheduler scheduler,
      Uplink uplink,
      HealthReporter health,
      Optional<StatusServer> status) {
    this.devices = devices;
    this.outbox = outbox;
    this.scheduler = scheduler;
    this.uplink = uplink;
    this.health = health;
    this.status = status;
  }

  public static EdgeAgent start(AgentConfig config, DriverRegistry registry, Buses buses)
      throws ConfigException, AgentStartException {
    return start(config, Optional.empty(), registry, buses);
  }

  /**
   * With {@code configFile}, configuration commands from the hub are validated like that file and
   * written back to it; without, they are refused.
   */
  public static EdgeAgent start(
      AgentConfig config, Optional<Path> configFile, DriverRegistry registry, Buses buses)
      throws ConfigException, AgentStartException {
    return start(config, configFile, registry, buses, Optional.empty());
  }

  /**
   * With {@code updates} (an agent started by the launcher), update offers are installed and a
   * pending update of this version is confirmed or rolled back.
   */
  public static RunningAgent start(
      AgentConfig config,
      Optional<Path> configFile,
      DriverRegistry registry,
      Buses buses,
      Optional<UpdateHooks> updates)
      throws ConfigException, AgentStartException {
    AgentClock clock = clockOf(config);
    Outbox outbox = openOutbox(config, clock);
    UplinkCounters counters = new UplinkCounters();
    AtomicReference<Uplink> uplinkRef = new AtomicReference<>();
    DeviceHealthSink sink = new DeviceHealthSink(new OutboxSink(outbox, clock));
    int threads = Math.max(2, Math.min(4, config.devices().size()));
    PollScheduler scheduler = new PollScheduler(config.gatewayId(), threads, sink, clock.wall());
    LiveDevices devices =
        new LiveDevices(
            config,
            registry,
            scheduler,
            current -> new DriverContext(sink, clock.wall(), buses, current.siteKey()),
            sink,
            new DriverActions());
    HealthReporter health =
        new HealthReporter(
            devices::config,
            outbox,
            clock,
            sink,
            counters,
            () -> uplinkRef.get() != null && uplinkRef.get().isBrokerConnected(),
            SoftwareVersion.current());
    ConfigChanges configChanges =
        configFile
            .<ConfigChanges>map(
                file ->
                    new FileConfigChanges(
                        new ConfigFile(file, new AgentConfigLoader(registry)), devices))
            .orElse(ConfigChanges.NONE);
    Versions versions = new Versions(config.versionsDir());
    UpdateOffers offers =
        updates
            .<UpdateOffers>map(
                hooks ->
                    new UpdateInstaller(
                            config.update(),
                            versions,
                            hooks.runningInstall(),
                            hooks.runningVersion(),
                            clock.wall(),
                            hooks.restarter())
                        ::offer)
            .orElse(UpdateOffers.NONE);
    CommandHandler commands =
        new CommandHandler(
            clock.wall(), () -> uplinkRef.get().publishState(), devices, configChanges, offers);
    Uplink uplink;
    try {
      // Sparkplug B: the same outbox, another wire; hub commands other than rebirth need native.
      uplink =
          config.uplink().sparkplug().isPresent()
              ? new SparkplugUplink(config, outbox, clock, counters)
              : new PahoUplink(config, devices::config, outbox, clock, counters, health, commands);
    } catch (UplinkException e) {
      scheduler.close();
      outbox.close();
      throw new AgentStartException(e.getMessage(), e);
    }
    uplinkRef.set(uplink);
    List<DeviceDriver> drivers;
    try {
      drivers = devices.createAll();
    } catch (ConfigException e) {
      scheduler.close();
      outbox.close();
      throw e;
    }
    // The uplink connects (after its jittered first wait) while the drivers open: a gateway's
    // first batch leaves as soon as both are done, not one after the other.
    uplink.start();
    devices.startAll(drivers);
    Optional<StatusServer> status =
        config
            .status()
            .listen()
            .flatMap(address -> StatusServer.start(address, health::report, config.gatewayId()));
    log.info(
        "Gateway {} of {} started: {} devices, outbox epoch {}",
        config.gatewayId(),
        config.site(),
        config.devices().size(),
        outbox.epoch());
    RunningAgent agent = new RunningAgent(devices, outbox, scheduler, uplink, health, status);
    agent.confirmation =
        updates.map(
            hooks ->
                new UpdateConfirmation(
                        versions,
                        hooks.runningInstall(),
                        uplink::isConnected,
                        counters::acksReceived,
                        clock.wall(),
                        hooks.restarter())
                    .watch(CONFIRMATION_CHECK_MS));
    return agent;
  }

  private static AgentClock clockOf(AgentConfig config) {
    if (config.clock().assumeSynced()) {
      return new AgentClock(
          Clock.systemUTC(), TimesyncProbe.assumeSynced(), "assumed", AgentClock.KERNEL_BOOT_ID);
    }
    return new AgentClock(
        Clock.systemUTC(),
        TimesyncProbe.forSettings(config.clock().syncCheck()),
        "ntp",
        AgentClock.KERNEL_BOOT_ID);
  }

  private static Outbox openOutbox(AgentConfig config, AgentClock clock)
      throws AgentStartException {
    try {
      return new DiskFullOutbox(
          () ->
              H2Outbox.open(config.outboxFile(), clock.wall(), config.gatewayId(), config.outbox()),
          config.dataDir(),
          clock.wall(),
          config.gatewayId());
    } catch (OutboxException e) {
      throw new AgentStartException(e.getMessage(), e);
    }
  }

  @Override
  public String gatewayId() {
    return devices.config().gatewayId();
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
  public Optional<InetSocketAddress> statusPage() {
    return status.map(StatusServer::address);
  }

  /** The configuration as live changes left it. */
  public AgentConfig config() {
    return devices.config();
  }

  public HealthReport health() {
    return health.report();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    confirmation.ifPresent(UpdateConfirmation::close);
    status.ifPresent(StatusServer::close);
    scheduler.close();
    devices.closeAll();
    awaitOutboxWrites();
    uplink.close();
    outbox.close();
    log.info("Gateway {} stopped", gatewayId());
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
