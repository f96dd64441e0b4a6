package io.campusedge.simulators.devices.lab;

import java.util.List;
import java.util.Map;

/**
 * A laboratory fume hood controller on Modbus TCP. Register map (0-based protocol addresses):
 *
 * <pre>
 * input    0-1  float32  face velocity, m/s (word order as configured)
 * input    2    uint16   sash opening, 0.1 % (0..1000)
 * input    3    int16    exhaust air temperature, 0.1 Cel
 * coil     0    bool     exhaust fan on (writable)
 * discrete 0    bool     low-flow alarm: face velocity below 0.3 m/s
 * holding  0    uint16   face velocity set point, cm/s (writable, 20..100; others answer 03)
 * </pre>
 *
 * The controller holds the face velocity at the set point while the fan runs (a variable air volume
 * hood), and it falls to 0 when the fan stops, which raises the alarm.
 */
public final class FumeHoodSim extends ModbusServerSim {
  public static final int VELOCITY = 0;
  public static final int SASH = 2;
  public static final int TEMPERATURE = 3;
  public static final int FAN = 0;
  public static final int ALARM = 0;
  public static final int SET_POINT = 0;
  static final double ALARM_BELOW_M_S = 0.3;

  private final boolean bigWordOrder;

  /** A hood with the fan running, set point 0.5 m/s, sash 30 % open, exhaust at 24.5 Cel. */
  /**
   * The hood's register map as the {@code modbus-tcp} driver's {@code registers} parameter (the
   * same as docs/config/agent-modbus.yaml).
   */
  public static List<Map<String, Object>> registerMap() {
    return List.of(
        Map.of(
            "name",
            "face_velocity",
            "table",
            "input",
            "address",
            0,
            "type",
            "float32",
            "unit",
            "m/s"),
        Map.of(
            "name",
            "sash_opening",
            "table",
            "input",
            "address",
            2,
            "type",
            "uint16",
            "scale",
            0.1,
            "unit",
            "%"),
        Map.of(
            "name",
            "exhaust_temperature",
            "table",
            "input",
            "address",
            3,
            "type",
            "int16",
            "scale",
            0.1,
            "unit",
            "Cel"),
        Map.of("name", "fan", "table", "coil", "address", 0, "writable", true),
        Map.of("name", "low_flow_alarm", "table", "discrete", "address", 0),
        Map.of(
            "name",
            "face_velocity_setpoint",
            "table",
            "holding",
            "address",
            0,
            "type",
            "uint16",
            "scale",
            0.01,
            "unit",
            "m/s",
            "writable",
            true));
  }

  public FumeHoodSim(int unitId, boolean bigWordOrder) {
    super(unitId);
    this.bigWordOrder = bigWordOrder;
    synchronized (this) {
      coil(FAN, true);
      holding(SET_POINT, 50);
      input(SASH, 300);
      input(TEMPERATURE, 245);
      recompute();
    }
  }

  public synchronized void fan(boolean on) {
    coil(FAN, on);
    recompute();
  }

  public synchronized void sashPercent(double percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("sash opening is 0..100 %, got " + percent);
    }
    input(SASH, (int) Math.round(percent * 10));
  }

  public synchronized void temperature(double celsius) {
    input(TEMPERATURE, (short) Math.round(celsius * 10));
  }

  public synchronized double faceVelocity() {
    return coil(FAN).orElse(false) ? holding(SET_POINT).orElse(0) / 100.0 : 0.0;
  }

  public synchronized boolean fanOn() {
    return coil(FAN).orElse(false);
  }

  @Override
  protected boolean accepts(int address, int word) {
    return address != SET_POINT || (word >= 20 && word <= 100);
  }

  @Override
  protected synchronized void written() {
    recompute();
  }

  private void recompute() {
    double velocity = faceVelocity();
    inputFloat32(VELOCITY, (float) velocity, bigWordOrder);
    discrete(ALARM, velocity < ALARM_BELOW_M_S);
  }
}
