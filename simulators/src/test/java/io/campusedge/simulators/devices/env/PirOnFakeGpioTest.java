package io.campusedge.simulators.devices.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.Buses;
import io.campusedge.drivers.bus.GpioInput;
import io.campusedge.drivers.bus.GpioOutput;
import io.campusedge.drivers.bus.I2cDevice;
import io.campusedge.drivers.bus.Pull;
import io.campusedge.drivers.bus.SpiDevice;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.simulators.bus.FakeBuses;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real pir driver on a fake GPIO pin; edge times are set in the past instead of waiting. */
class PirOnFakeGpioTest {
  private static final long SECOND = 1_000_000_000L;
  private final FakeBuses buses = new FakeBuses();
  private final PirSensor pir = new PirSensor(buses.pin(17));
  private DriverHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private void start(Buses on) throws Exception {
    harness = new DriverHarness("pir", Map.of("pin", 17, "debounce", "50ms", "hold", "60s"), on);
  }

  @Test
  void motionMakesTheRoomOccupiedAndIsCounted() throws Exception {
    start(buses);
    Map<String, Reading> r = harness.poll();
    assertThat(r.get("occupied").getBoolValue()).isFalse();
    assertThat(r.get("motion_count").getIntValue()).isZero();
    long now = System.nanoTime();
    pir.motion(now - 30 * SECOND, 3 * SECOND);
    pir.motion(now - 20 * SECOND, 3 * SECOND);
    r = harness.poll();
    assertThat(r.get("occupied").getBoolValue()).isTrue();
    assertThat(r.get("occupied").getUnit()).isEqualTo("1");
    assertThat(r.get("motion_count").getIntValue()).isEqualTo(2);
    assertThat(harness.poll().get("motion_count").getIntValue()).isZero();
  }

  @Test
  void occupancyEndsAfterTheHoldTime() throws Exception {
    start(buses);
    long now = System.nanoTime();
    pir.motion(now - 90 * SECOND, 3 * SECOND);
    Map<String, Reading> r = harness.poll();
    assertThat(r.get("motion_count").getIntValue()).isEqualTo(1);
    assertThat(r.get("occupied").getBoolValue()).isFalse();
  }

  @Test
  void glitchesAreDebounced() throws Exception {
    start(buses);
    long now = System.nanoTime();
    pir.glitch(now - 5 * SECOND);
    pir.glitch(now - 4 * SECOND);
    Map<String, Reading> r = harness.poll();
    assertThat(r.get("motion_count").getIntValue()).isZero();
    assertThat(r.get("occupied").getBoolValue()).isFalse();
  }

  @Test
  void unavailableGpioIsBadThenRecovers() throws Exception {
    boolean[] broken = {true};
    Buses flaky =
        new Buses() {
          @Override
          public I2cDevice i2c(int bus, int address) throws BusException {
            return buses.i2c(bus, address);
          }

          @Override
          public SpiDevice spi(int bus, int cs, int speedHz, int mode) throws BusException {
            return buses.spi(bus, cs, speedHz, mode);
          }

          @Override
          public GpioInput gpioInput(int bcmPin, Pull pull) throws BusException {
            if (broken[0]) {
              throw new BusException("GPIO " + bcmPin + " is busy (used by another program)");
            }
            return buses.gpioInput(bcmPin, pull);
          }

          @Override
          public GpioOutput gpioOutput(int bcmPin, boolean high) throws BusException {
            return buses.gpioOutput(bcmPin, high);
          }
        };
    start(flaky);
    Map<String, Reading> r = harness.poll();
    assertThat(r.get("occupied").getQuality()).isEqualTo(Quality.QUALITY_BAD);
    assertThat(r.get("occupied").getQualityReason()).contains("busy (used by another program)");
    assertThat(harness.lastStatus()).get().matches(s -> !s.getReachable());
    broken[0] = false;
    pir.motionStarted(System.nanoTime() - SECOND);
    r = harness.poll();
    assertThat(r.get("occupied").getQuality()).isEqualTo(Quality.QUALITY_GOOD);
    assertThat(r.get("occupied").getBoolValue()).isTrue();
    assertThat(r.get("motion_count").getIntValue()).isEqualTo(1);
  }
}
