package io.campusedge.agent.api;

import io.campusedge.agent.internal.RunningAgent;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.bus.Buses;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One running gateway: drivers polled into the outbox, the outbox sent to the hub. Several agents
 * may run in one JVM (the demo does).
 */
public interface EdgeAgent extends AutoCloseable {

  /** Opens the outbox and the drivers, starts polling and connecting. Returns without waiting. */
  static EdgeAgent start(AgentConfig config, DriverRegistry drivers, Buses buses)
      throws ConfigException, AgentStartException {
    return RunningAgent.start(config, drivers, buses);
  }

  /**
   * Started from {@code configFile} (already loaded as {@code config}): configuration commands from
   * the hub are validated like that file and written back to it, so they survive a restart.
   */
  static EdgeAgent start(AgentConfig config, Path configFile, DriverRegistry drivers, Buses buses)
      throws ConfigException, AgentStartException {
    return RunningAgent.start(config, Optional.of(configFile), drivers, buses);
  }

  /** An agent whose devices need no I2C, SPI or GPIO (software and network devices only). */
  static EdgeAgent start(AgentConfig config, DriverRegistry drivers)
      throws ConfigException, AgentStartException {
    return start(config, drivers, Buses.none());
  }

  String gatewayId();

  OutboxStatus outboxStats();

  boolean isConnected();

  /** Where the local status page listens, when it is on. */
  default Optional<InetSocketAddress> statusPage() {
    return Optional.empty();
  }

  /** Stops polling, flushes outbox writes, publishes the death state, disconnects. */
  @Override
  void close();
}
