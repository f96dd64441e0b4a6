package io.campusedge.simulators.devices.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.campusedge.drivers.bus.I2cScan;
import io.campusedge.simulators.bus.FakeBuses;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class I2cScanOnFakeBusTest {
  @Test
  void namesAndConfirmsTheClassroomSensors() throws Exception {
    FakeBuses buses =
        new FakeBuses()
            .attachI2c(1, 0x76, Bme280Chip.bme280())
            .attachI2c(1, 0x77, Bme280Chip.bmp280())
            .attachI2c(1, 0x62, new Scd4xChip(Clock.systemUTC()))
            .attachI2c(1, 0x23, new Bh1750Chip())
            .attachI2c(2, 0x5C, new Bh1750Chip());
    List<I2cScan.Found> found = I2cScan.scan(buses, 1);
    assertThat(found)
        .extracting(
            I2cScan.Found::hexAddress, I2cScan.Found::likelyDevice, I2cScan.Found::confirmed)
        .containsExactly(
            tuple("0x23", "BH1750 light sensor (ADDR low)", false),
            tuple("0x62", "SCD40/SCD41", true),
            tuple("0x76", "BME280", true),
            tuple("0x77", "BMP280", true));
    assertThat(found.get(2).detail()).isEqualTo("chip id 0x60 at register 0xD0");
  }

  @Test
  void aStrangerAtABoschAddressIsNotConfirmed() throws Exception {
    FakeBuses buses = new FakeBuses().attachI2c(1, 0x76, Bme280Chip.bme280().wrongChipId(0x33));
    assertThat(I2cScan.scan(buses, 1))
        .singleElement()
        .matches(f -> !f.confirmed() && f.detail().contains("chip id 0x33"));
  }

  @Test
  void emptyBusFindsNothing() throws Exception {
    assertThat(I2cScan.scan(new FakeBuses(), 1)).isEmpty();
  }
}
