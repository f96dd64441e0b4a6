package io.campusedge.drivers.attendance.mfrc522;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Iso14443aTest {
  private static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replace(" ", ""));
  }

  @Test
  void crcAMatchesIso14443Part3AnnexB() {
    // ISO/IEC 14443-3 Annex B (CRC_A encoding examples): 00 00 -> CRC_A 0x1EA0, sent A0 1E;
    // 12 34 -> CRC_A 0xCF26, sent 26 CF.
    assertThat(Iso14443a.crcA(hex("0000"), 2)).isEqualTo(0x1EA0);
    assertThat(Iso14443a.withCrc(hex("0000"))).isEqualTo(hex("0000 A01E"));
    assertThat(Iso14443a.crcA(hex("1234"), 2)).isEqualTo(0xCF26);
    assertThat(Iso14443a.withCrc(hex("1234"))).isEqualTo(hex("1234 26CF"));
  }

  @Test
  void crcAMatchesTheRevEngCatalogueCheckValue() {
    // Greg Cook's CRC RevEng catalogue, CRC-16/ISO-IEC-14443-3-A: check ("123456789") = 0xBF05.
    byte[] check = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(Iso14443a.crcA(check, check.length)).isEqualTo(0xBF05);
  }

  @Test
  void hltaIsTheFrameFromTheStandard() {
    // HLTA = '50' '00' + CRC_A; the frame on the air is 50 00 57 CD (ISO/IEC 14443-3 clause 6.5,
    // NXP MFRC522 application examples).
    assertThat(Iso14443a.halt()).isEqualTo(hex("5000 57CD"));
  }

  @Test
  void crcCheckRejectsAFlippedBit() {
    byte[] sak = Iso14443a.withCrc(new byte[] {0x08});
    assertThat(Iso14443a.crcOk(sak)).isTrue();
    sak[1] ^= 0x01;
    assertThat(Iso14443a.crcOk(sak)).isFalse();
    assertThat(Iso14443a.crcOk(new byte[] {0x08})).isFalse();
  }

  @Test
  void bccIsTheXorOfTheFourUidBytes() {
    // Cascade level 1 of a 7-byte UID: CT 88, then UID0..2; BCC = 88 ^ 04 ^ 25 ^ 36.
    assertThat(Iso14443a.bcc(hex("88042536"))).isEqualTo(0x88 ^ 0x04 ^ 0x25 ^ 0x36);
    assertThat(Iso14443a.bcc(hex("DEADBEEF"))).isEqualTo(0xDE ^ 0xAD ^ 0xBE ^ 0xEF);
  }

  @Test
  void selectFrameCarriesSelNvbUidBccAndCrc() {
    byte[] frame = Iso14443a.select(0, hex("DEADBEEF 22"));
    assertThat(frame).hasSize(9);
    assertThat(HexFormat.of().formatHex(frame, 0, 7)).isEqualTo("9370deadbeef22");
    assertThat(Iso14443a.crcOk(frame)).isTrue();
    assertThat(Iso14443a.anticollision(2)).isEqualTo(hex("9720"));
  }
}
