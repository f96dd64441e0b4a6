package io.campusedge.drivers.attendance.mfrc522;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Mfrc522RegistersTest {
  @Test
  void addressByteFollowsDatasheetSection8123() {
    // MSB 1 = read, address in bits 6..1, LSB 0.
    assertThat(Mfrc522Registers.readAddress(0x37) & 0xFF).isEqualTo(0xEE); // VersionReg
    assertThat(Mfrc522Registers.readAddress(0x09) & 0xFF).isEqualTo(0x92); // FIFODataReg
    assertThat(Mfrc522Registers.writeAddress(0x01) & 0xFF).isEqualTo(0x02); // CommandReg
    assertThat(Mfrc522Registers.writeAddress(0x3F) & 0xFF).isEqualTo(0x7E);
  }

  @Test
  void versionZeroOrFfMeansNoChip() {
    // VersionReg (section 9.3.4.8): 0x91 = version 1.0, 0x92 = version 2.0.
    assertThat(Mfrc522Registers.plausibleVersion(0x92)).isTrue();
    assertThat(Mfrc522Registers.plausibleVersion(0x91)).isTrue();
    assertThat(Mfrc522Registers.plausibleVersion(0x00)).isFalse();
    assertThat(Mfrc522Registers.plausibleVersion(0xFF)).isFalse();
  }
}
