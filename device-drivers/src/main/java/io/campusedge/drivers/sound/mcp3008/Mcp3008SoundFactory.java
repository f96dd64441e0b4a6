package io.campusedge.drivers.sound.mcp3008;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverFactory;
import io.campusedge.drivers.api.SpecParams;
import java.util.Set;

/**
 * Type {@code mcp3008-sound}. Parameters: {@code bus} (0), {@code chipSelect} (0), {@code speedHz}
 * (1000000; the MCP3008 allows 1.35 MHz at 2.7 V), {@code channel} (0-7; 0), {@code samples}
 * (16-4096; 500), {@code referenceVoltage} (3.3), {@code dbOffset} (94), {@code dbSlope} (1),
 * {@code measure} ({@code rms} or {@code peak-to-peak}; rms).
 */
public final class Mcp3008SoundFactory implements DriverFactory {
  public static final String TYPE = "mcp3008-sound";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public DeviceDriver create(DeviceSpec spec) throws DriverConfigException {
    int bus = SpecParams.intInRange(spec, "bus", 0, 0, 6);
    int cs = SpecParams.intInRange(spec, "chipSelect", 0, 0, 2);
    int speed = SpecParams.intInRange(spec, "speedHz", 1_000_000, 10_000, 3_600_000);
    int channel = SpecParams.intInRange(spec, "channel", 0, 0, 7);
    int samples = SpecParams.intInRange(spec, "samples", 500, 16, 4096);
    double vref = SpecParams.doubleInRange(spec, "referenceVoltage", 3.3, 0.25, 5.5);
    double offset = SpecParams.doubleInRange(spec, "dbOffset", 94, -200, 200);
    double slope = SpecParams.doubleInRange(spec, "dbSlope", 1, 0.1, 10);
    String measure = SpecParams.choice(spec, "measure", "rms", Set.of("rms", "peak-to-peak"));
    return new Mcp3008SoundDriver(
        new SoundSensorConfig(
            spec.id(),
            bus,
            cs,
            speed,
            channel,
            samples,
            new SoundLevel.Calibration(vref, offset, slope, measure.equals("peak-to-peak"))));
  }
}
