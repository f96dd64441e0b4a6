package io.campusedge.simulators.devices.env;

import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.env.scd4x.Scd4xCodec;
import io.campusedge.simulators.bus.I2cChip;
import java.time.Clock;
import java.util.Arrays;

/**
 * A Sensirion SCD40/SCD41 speaking the command protocol of its datasheet: idle and periodic modes
 * (with the commands each accepts; others NACK), a new measurement every 5 s of the given clock,
 * data-ready status, read_measurement that empties the buffer, CRC-8 on every word both ways.
 * Faults: CRC errors on what it sends, a data-ready flag that never sets, truncated answers, and a
 * power cycle (back to idle, settings lost).
 */
public final class Scd4xChip implements I2cChip {
  static final long INTERVAL_MS = 5_000;

  private final Clock clock;
  private boolean periodic;
  private long nextMeasurementMs;
  private boolean dataReady;
  private int[] latest = new int[3];
  private byte[] pending = new byte[0];

  private volatile int co2 = 600;
  private volatile double celsius = 26;
  private volatile double humidity = 60;

  private volatile boolean ascEnabled = true;
  private volatile int altitude;
  private volatile int ambientPressureHpa;

  private volatile boolean corruptCrc;
  private volatile boolean stuckNotReady;
  private volatile int truncateTo = -1;
  private volatile int starts;

  public Scd4xChip(Clock clock) {
    this.clock = clock;
  }

  public Scd4xChip air(int co2Ppm, double celsius, double humidity) {
    this.co2 = co2Ppm;
    this.celsius = celsius;
    this.humidity = humidity;
    return this;
  }

  /** Fault: the CRC byte of every word it sends is wrong. */
  public Scd4xChip corruptCrc(boolean corrupt) {
    this.corruptCrc = corrupt;
    return this;
  }

  /** Fault: data-ready never reports new data. */
  public Scd4xChip stuckNotReady(boolean stuck) {
    this.stuckNotReady = stuck;
    return this;
  }

  /** Fault: answers are cut to {@code bytes} bytes (-1 clears). */
  public Scd4xChip truncateReads(int bytes) {
    this.truncateTo = bytes;
    return this;
  }

  /** Power lost and back: idle, settings back to defaults. */
  public synchronized Scd4xChip powerCycle() {
    periodic = false;
    dataReady = false;
    pending = new byte[0];
    ascEnabled = true;
    altitude = 0;
    ambientPressureHpa = 0;
    return this;
  }

  public synchronized boolean periodic() {
    return periodic;
  }

  public boolean ascEnabled() {
    return ascEnabled;
  }

  public int altitude() {
    return altitude;
  }

  public int ambientPressureHpa() {
    return ambientPressureHpa;
  }

  /** How many times start_periodic_measurement was received. */
  public int starts() {
    return starts;
  }

  @Override
  public synchronized void write(byte[] data) throws BusException {
    advance();
    if (data.length != 2 && data.length != 5) {
      throw nack("expects a 2-byte command or a command with one word, got " + data.length);
    }
    int command = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
    int argument = -1;
    if (data.length == 5) {
      if (Scd4xCodec.crc8(data, 2, 2) != (data[4] & 0xFF)) {
        throw nack(String.format("argument CRC wrong for command 0x%04x", command));
      }
      argument = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
    }
    pending = new byte[0];
    if (periodic && !allowedWhileMeasuring(command)) {
      throw nack(String.format("command 0x%04x not allowed during periodic measurement", command));
    }
    execute(command, argument);
  }

  private static boolean allowedWhileMeasuring(int command) {
    return command == Scd4xCodec.READ_MEASUREMENT
        || command == Scd4xCodec.GET_DATA_READY_STATUS
        || command == Scd4xCodec.STOP_PERIODIC_MEASUREMENT
        || command == Scd4xCodec.SET_AMBIENT_PRESSURE;
  }

  private void execute(int command, int argument) throws BusException {
    switch (command) {
      case Scd4xCodec.START_PERIODIC_MEASUREMENT -> {
        periodic = true;
        dataReady = false;
        starts++;
        nextMeasurementMs = clock.millis() + INTERVAL_MS;
      }
      case Scd4xCodec.STOP_PERIODIC_MEASUREMENT -> {
        periodic = false;
        dataReady = false;
      }
      case Scd4xCodec.GET_DATA_READY_STATUS ->
          pending = words(dataReady && !stuckNotReady ? 0x8006 : 0x8000);
      case Scd4xCodec.READ_MEASUREMENT -> {
        if (!dataReady || stuckNotReady) {
          throw nack("read_measurement with no new data");
        }
        pending = words(latest);
        dataReady = false;
      }
      case Scd4xCodec.SET_AUTOMATIC_SELF_CALIBRATION_ENABLED ->
          ascEnabled = argument(argument) != 0;
      case Scd4xCodec.SET_SENSOR_ALTITUDE -> altitude = argument(argument);
      case Scd4xCodec.SET_AMBIENT_PRESSURE -> ambientPressureHpa = argument(argument);
      default -> throw nack(String.format("unknown command 0x%04x", command));
    }
  }

  private int argument(int argument) throws BusException {
    if (argument < 0) {
      throw nack("command needs an argument word");
    }
    return argument;
  }

  private void advance() {
    long now = clock.millis();
    while (periodic && now >= nextMeasurementMs) {
      latest = Scd4xCodec.rawWords(co2, celsius, humidity);
      dataReady = true;
      nextMeasurementMs += INTERVAL_MS;
    }
  }

  private byte[] words(int... values) {
    byte[] out = Scd4xCodec.encodeWords(values);
    if (corruptCrc) {
      for (int i = 2; i < out.length; i += 3) {
        out[i] ^= 0x5A;
      }
    }
    return out;
  }

  @Override
  public synchronized byte[] read(int length) throws BusException {
    if (pending.length == 0) {
      throw nack("read with nothing to send");
    }
    int n = truncateTo >= 0 ? Math.min(length, truncateTo) : length;
    byte[] out = Arrays.copyOf(pending, Math.min(n, pending.length));
    pending = new byte[0];
    return out;
  }

  private static BusException nack(String why) {
    return new BusException("I2C: SCD4x NACK (" + why + ")");
  }
}
