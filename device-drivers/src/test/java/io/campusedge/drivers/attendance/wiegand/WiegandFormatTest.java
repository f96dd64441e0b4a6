package io.campusedge.drivers.attendance.wiegand;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WiegandFormatTest {
  private static long bits(String binary) {
    return Long.parseLong(binary.replace(" ", ""), 2);
  }

  @Test
  void decodesTheWiegand26VectorFromTheCivintecManual() {
    // CIVINTEC CN56X0B-X reader user manual, section 6.4.2 (Wiegand26): data D4 1B 81 is sent as
    // 1 11010100 00011011 10000001 0. In H10301 terms: facility 0xD4 = 212, card 0x1B81 = 7041.
    WiegandFrame frame = WiegandFormat.W26.decode(bits("1 11010100 00011011 10000001 0"), 26);

    assertThat(frame)
        .isInstanceOfSatisfying(
            WiegandFrame.Card.class,
            card -> {
              assertThat(card.facility()).isEqualTo(212);
              assertThat(card.cardNumber()).isEqualTo(7041);
              assertThat(HexFormat.of().formatHex(card.id())).isEqualTo("d41b81");
              assertThat(card.toString()).doesNotContain("212").doesNotContain("7041");
            });
  }

  @Test
  void decodesTheWiegand34VectorFromTheCivintecManual() {
    // Same manual, section 6.4.5 (Wiegand34): data 89 D4 1B 81 is sent as
    // 1 10001001 11010100 00011011 10000001 1.
    WiegandFrame frame =
        WiegandFormat.W34.decode(bits("1 10001001 11010100 00011011 10000001 1"), 34);

    assertThat(frame)
        .isInstanceOfSatisfying(
            WiegandFrame.Card.class,
            card -> {
              assertThat(card.facility()).isEqualTo(0x89D4);
              assertThat(card.cardNumber()).isEqualTo(0x1B81);
              assertThat(HexFormat.of().formatHex(card.id())).isEqualTo("89d41b81");
            });
  }

  @Test
  void rejectsParityErrorsOnEitherHalf() {
    long good = bits("1 11010100 00011011 10000001 0");
    assertThat(WiegandFormat.W26.decode(good ^ (1L << 20), 26))
        .isEqualTo(
            new WiegandFrame.Rejected(
                "Wiegand 26 even parity error over bits 1-12 (noise on the D0/D1 lines?)"));
    assertThat(WiegandFormat.W26.decode(good ^ 1L, 26))
        .isEqualTo(
            new WiegandFrame.Rejected(
                "Wiegand 26 odd parity error over bits 13-24 (noise on the D0/D1 lines?)"));
    long good34 = bits("1 10001001 11010100 00011011 10000001 1");
    assertThat(WiegandFormat.W34.decode(good34 ^ (1L << 5), 34))
        .isInstanceOf(WiegandFrame.Rejected.class);
  }

  @Test
  void rejectsTheWrongNumberOfBits() {
    assertThat(WiegandFormat.W26.decode(bits("1 11010100 00011011 1000000"), 24))
        .isEqualTo(
            new WiegandFrame.Rejected(
                "Wiegand frame had 24 bits, expected 26 (loose D0/D1 wire, or the reader is set to"
                    + " another format?)"));
  }
}
