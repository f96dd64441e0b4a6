package io.campusedge.drivers.env.bh1750;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.campusedge.drivers.api.SensorFault;
import org.junit.jupiter.api.Test;

class Bh1750CodecTest {
  @Test
  void datasheetMeasurementSequenceExample() throws SensorFault {
    // ROHM BH1750FVI datasheet p. 7, "Measurement sequence example": high byte 0x83, low byte
    // 0x90 → (2^15 + 2^9 + 2^8 + 2^7 + 2^4) / 1.2 ≈ 28067 lx.
    assertThat(Bh1750Codec.lux(new byte[] {(byte) 0x83, (byte) 0x90}))
        .isCloseTo(28067, within(0.5));
  }

  @Test
  void countForInvertsLux() throws SensorFault {
    int count = Bh1750Codec.countFor(350);
    assertThat(Bh1750Codec.lux(new byte[] {(byte) (count >> 8), (byte) count}))
        .isCloseTo(350, within(0.5));
  }

  @Test
  void truncatedResultIsAFault() {
    assertThatThrownBy(() -> Bh1750Codec.lux(new byte[] {0x12}))
        .isInstanceOf(SensorFault.class)
        .hasMessageContaining("1 bytes instead of 2");
  }
}
