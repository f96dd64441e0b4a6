package io.campusedge.simulators.classroom;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.drivers.bus.Buses;
import io.campusedge.drivers.sim.ClassroomClimateModel;
import io.campusedge.simulators.bus.FakeBuses;
import io.campusedge.simulators.devices.env.Bh1750Chip;
import io.campusedge.simulators.devices.env.Bme280Chip;
import io.campusedge.simulators.devices.env.Mcp3008Chip;
import io.campusedge.simulators.devices.env.PirSensor;
import io.campusedge.simulators.devices.env.Scd4xChip;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One classroom's air, light, noise and people, felt by register-level chip models on a fake
 * Raspberry Pi wired as in docs/hardware.md: BME280 (I2C 1, 0x76), SCD41 (0x62), BH1750 (0x23), a
 * PIR on GPIO 17 and an MCP3008 sound input on SPI 0.0. The gateway agent reads them with the real
 * drivers, so the demo exercises the production code from the register up.
 */
public final class VirtualClassroom implements AutoCloseable {
  static final int I2C_BUS = 1;
  static final int PIR_PIN = 17;

  /** Sound module calibration used for the demo: 1 V RMS at the ADC is 60 dB(A). */
  static final double DB_AT_ONE_VOLT = 60;

  private static final double SEA_LEVEL_PA = 100_900;

  private final String roomId;
  private final ClassroomClimateModel model;
  private final Clock clock;
  private final FakeBuses buses = new FakeBuses();
  private final Bme280Chip bme280 = Bme280Chip.bme280();
  private final Scd4xChip scd41;
  private final Bh1750Chip bh1750 = new Bh1750Chip();
  private final Mcp3008Chip mcp3008 = new Mcp3008Chip(3.3);
  private final PirSensor pir;
  private final ScheduledExecutorService ticker;

  public VirtualClassroom(String roomId, ClassroomClimateModel model, Clock clock) {
    this.roomId = roomId;
    this.model = model;
    this.clock = clock;
    this.scd41 = new Scd4xChip(clock);
    buses.attachI2c(I2C_BUS, 0x76, bme280);
    buses.attachI2c(I2C_BUS, 0x62, scd41);
    buses.attachI2c(I2C_BUS, 0x23, bh1750);
    buses.attachSpi(0, 0, mcp3008);
    this.pir = new PirSensor(buses.pin(PIR_PIN));
    tick();
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "classroom-" + roomId);
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  public Buses buses() {
    return buses;
  }

  /** The room's chips, exposed so tests and chaos runs can inject faults. */
  public FakeBuses fakeBuses() {
    return buses;
  }

  /** Advances the room's physics to now and sets what each chip will measure. */
  void tick() {
    ClassroomClimateModel.Snapshot room = model.advance(clock.millis());
    bme280.air(room.temperatureCelsius(), SEA_LEVEL_PA, room.humidityPercent());
    scd41.air((int) Math.round(room.co2Ppm()), room.temperatureCelsius(), room.humidityPercent());
    bh1750.lux(room.illuminanceLux());
    mcp3008.tone(0, Math.pow(10, (room.noiseDb() - DB_AT_ONE_VOLT) / 20), 20);
    if (room.occupants() > 0) {
      pir.motion(System.nanoTime(), 300_000_000L);
    }
  }

  /** The gateway configuration's device list for this room's sensors. */
  public List<AgentConfig.Device> devices(Duration pollInterval) {
    String prefix = roomId.toLowerCase(Locale.ROOT);
    return List.of(
        device(prefix + "-bme280", "bme280", pollInterval, Map.of("bus", I2C_BUS, "address", 0x76)),
        device(prefix + "-scd41", "scd4x", pollInterval, Map.of("bus", I2C_BUS)),
        device(prefix + "-bh1750", "bh1750", pollInterval, Map.of("bus", I2C_BUS, "address", 0x23)),
        device(prefix + "-pir", "pir", pollInterval, Map.of("pin", PIR_PIN, "hold", "2m")),
        device(
            prefix + "-sound",
            "mcp3008-sound",
            pollInterval,
            Map.of("bus", 0, "chipSelect", 0, "channel", 0, "dbOffset", DB_AT_ONE_VOLT)));
  }

  private AgentConfig.Device device(
      String id, String type, Duration pollInterval, Map<String, Object> params) {
    return new AgentConfig.Device(id, type, roomId, pollInterval, params);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
