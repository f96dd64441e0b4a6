package io.campusedge.simulators.chaos;

import java.time.Duration;

/** One line of a chaos scenario after the gateways: something that happens, in order. */
public sealed interface ChaosStep {
  /** Lets traffic flow (and the fault last) for a while. */
  record Run(Duration duration) implements ChaosStep {}

  /** {@code kill -9} of a process gateway's agent: no shutdown hook, no flush. */
  record KillAgent(String gateway) implements ChaosStep {}

  /** SIGTERM: the agent flushes its outbox and disconnects. */
  record StopAgent(String gateway) implements ChaosStep {}

  /** Starts a process gateway's agent again on the same data directory. */
  record StartAgent(String gateway) implements ChaosStep {}

  /** Stops the hub (and its embedded broker). */
  record StopHub() implements ChaosStep {}

  record StartHub() implements ChaosStep {}

  /** Stop and start on the same data directory and port, as after a server reboot. */
  record RestartHub() implements ChaosStep {}

  /** Drops the gateway's open connections once; it may reconnect at once. */
  record CutNetwork(String gateway) implements ChaosStep {}

  /** Pulls the gateway's cable: connections dropped and refused until {@link NetworkUp}. */
  record NetworkDown(String gateway) implements ChaosStep {}

  record NetworkUp(String gateway) implements ChaosStep {}

  /** Hands an in-process gateway's outbox this many telemetry readings at once (fills it up). */
  record FillOutbox(String gateway, int readings) implements ChaosStep {}

  /** Moves an in-process gateway's wall clock by this much from now on. */
  record SkewClock(String gateway, Duration by) implements ChaosStep {}

  /**
   * Fills the small disk under an in-process gateway's outbox with a filler file until the kernel
   * answers ENOSPC, and waits until the outbox has met it.
   */
  record FillDisk(String gateway) implements ChaosStep {}

  /** Deletes the filler and waits until the outbox writes again. */
  record FreeDisk(String gateway) implements ChaosStep {}
}
