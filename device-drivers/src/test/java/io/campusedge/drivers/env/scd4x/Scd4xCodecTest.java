package io.campusedge.drivers.env.scd4x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.campusedge.drivers.api.SensorFault;
import org.junit.jupiter.api.Test;

class Scd4xCodecTest {
  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void crcOfBeefIs92() {
    // SCD4x datasheet section 3.11 "Checksum calculation": CRC(0xBEEF) = 0x92.
    assertThat(Scd4xCodec.crc8(bytes(0xBE, 0xEF), 0, 2)).isEqualTo(0x92);
  }

  @Test
  void readMeasurementExampleDecodes() {
    // Datasheet section 3.5.2 example response: CO2 500 ppm, 25 °C, 37 %RH.
    byte[] response = bytes(0x01, 0xF4, 0x33, 0x66, 0x67, 0xA2, 0x5E, 0xB9, 0x3C);
    Scd4xCodec.Measurement m = null;
    try {
      m = Scd4xCodec.convert(Scd4xCodec.decodeWords(response, 3, "read_measurement"));
    } catch (SensorFault e) {
      throw new AssertionError(e);
    }
    assertThat(m.co2Ppm()).isEqualTo(500);
    assertThat(m.celsius()).isCloseTo(25.0, within(0.01));
    assertThat(m.humidityPercent()).isCloseTo(37.0, within(0.01));
  }

  @Test
  void commandsWithArgumentsCarryTheArgumentsCrc() {
    // Datasheet 3.6.1 example: set_temperature_offset 5.4 °C = 0x241D 0x07E6 0x48.
    assertThat(Scd4xCodec.command(0x241D, 0x07E6)).isEqualTo(bytes(0x24, 0x1D, 0x07, 0xE6, 0x48));
    // Datasheet 3.6.3 example: set_sensor_altitude 1950 m = 0x2427 0x079E 0x09.
    assertThat(Scd4xCodec.command(Scd4xCodec.SET_SENSOR_ALTITUDE, 1950))
        .isEqualTo(bytes(0x24, 0x27, 0x07, 0x9E, 0x09));
    assertThat(Scd4xCodec.command(Scd4xCodec.START_PERIODIC_MEASUREMENT))
        .isEqualTo(bytes(0x21, 0xB1));
  }

  @Test
  void wrongCrcIsAFaultNamingTheWord() {
    byte[] response = bytes(0x01, 0xF4, 0x33, 0x66, 0x67, 0xA3, 0x5E, 0xB9, 0x3C);
    assertThatThrownBy(() -> Scd4xCodec.decodeWords(response, 3, "read_measurement"))
        .isInstanceOf(SensorFault.class)
        .hasMessageContaining("CRC mismatch in word 1")
        .hasMessageContaining("crc a3, expected crc a2");
  }

  @Test
  void truncatedAnswerIsAFault() {
    assertThatThrownBy(() -> Scd4xCodec.decodeWords(bytes(0x01, 0xF4), 3, "read_measurement"))
        .isInstanceOf(SensorFault.class)
        .hasMessageContaining("expected 9 bytes, got 2");
  }

  @Test
  void dataReadyLooksAtTheLowElevenBits() {
    // Datasheet 3.8.2: least significant 11 bits 0 → not ready.
    assertThat(Scd4xCodec.dataReady(0x8000)).isFalse();
    assertThat(Scd4xCodec.dataReady(0x8006)).isTrue();
    assertThat(Scd4xCodec.dataReady(0x0000)).isFalse();
  }

  @Test
  void rawWordsInvertConvert() {
    int[] words = Scd4xCodec.rawWords(812, 27.3, 64.5);
    Scd4xCodec.Measurement m = Scd4xCodec.convert(words);
    assertThat(m.co2Ppm()).isEqualTo(812);
    assertThat(m.celsius()).isCloseTo(27.3, within(0.003));
    assertThat(m.humidityPercent()).isCloseTo(64.5, within(0.002));
  }
}
