package io.campusedge.simulators.devices.lab;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the simulated instruments are doing, apart from OPC UA: an incubator holding its temperature
 * set point with a door alarm, and a centrifuge whose rotor runs programs through Idle → Running →
 * Stopping → Idle with an imbalance alarm. {@link #tick} moves time on, so tests step it by hand
 * and get the same values every run.
 */
final class LabInstruments {
  static final double TARGET_RPM = 4000;
  private static final double RPM_PER_SECOND = 2000;

  private final Clock clock;
  private double temperature = 37.0;
  private double setpoint = 37.0;
  private double co2 = 5.0;
  private boolean doorOpen;
  private String rotorState = "Idle";
  private double speed;
  private String programId = "";
  private String runId = "";
  private Optional<Instant> runStart = Optional.empty();
  private boolean imbalance;
  private int runs;

  LabInstruments(Clock clock) {
    this.clock = clock;
  }

  /** Moves the instruments on by {@code step}: temperature drifts to the set point, rotor ramps. */
  synchronized void tick(Duration step) {
    double s = step.toMillis() / 1000.0;
    double toward = doorOpen ? 25.0 : setpoint;
    temperature += (toward - temperature) * Math.min(1.0, 0.2 * s);
    co2 = doorOpen ? Math.max(0.04, co2 - 0.5 * s) : Math.min(5.0, co2 + 0.2 * s);
    switch (rotorState) {
      case "Running" -> speed = Math.min(TARGET_RPM, speed + RPM_PER_SECOND * s);
      case "Stopping" -> {
        speed = Math.max(0, speed - RPM_PER_SECOND * s);
        if (speed == 0) {
          rotorState = "Idle";
          runId = "";
          programId = "";
          runStart = Optional.empty();
        }
      }
      default -> speed = 0;
    }
  }

  /** Starts a program on the centrifuge; refused (false) unless it is Idle. */
  synchronized boolean startRun(String program) {
    if (!rotorState.equals("Idle")) {
      return false;
    }
    runs++;
    rotorState = "Running";
    programId = program;
    runId = String.format("RUN-%04d", runs);
    runStart = Optional.of(clock.instant());
    return true;
  }

  /** Asks the centrifuge to stop; it decelerates through Stopping to Idle on later ticks. */
  synchronized boolean stopRun() {
    if (!rotorState.equals("Running")) {
      return false;
    }
    rotorState = "Stopping";
    return true;
  }

  synchronized void doorOpen(boolean open) {
    doorOpen = open;
  }

  synchronized void imbalance(boolean active) {
    imbalance = active;
  }

  synchronized void setpoint(double celsius) {
    setpoint = celsius;
  }

  synchronized double temperature() {
    return temperature;
  }

  synchronized double setpoint() {
    return setpoint;
  }

  synchronized double co2() {
    return co2;
  }

  synchronized boolean doorOpen() {
    return doorOpen;
  }

  synchronized String rotorState() {
    return rotorState;
  }

  synchronized double speed() {
    return speed;
  }

  synchronized String programId() {
    return programId;
  }

  synchronized String runId() {
    return runId;
  }

  synchronized Optional<Instant> runStart() {
    return runStart;
  }

  synchronized boolean imbalance() {
    return imbalance;
  }
}
