package io.campusedge.drivers.attendance.evdev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyboardWedgeDecoderTest {
  // include/uapi/linux/input-event-codes.h
  private static final int EV_SYN = 0;
  private static final int EV_KEY = 1;
  private static final int EV_MSC = 4;
  private static final int KEY_ENTER = 28;

  /** Golden bytes of one 64-bit input_event: EV_KEY KEY_1 (2) pressed, at 1700000000.000123 s. */
  private static final String KEY_1_DOWN_64 =
      "00f1536500000000" + "7b00000000000000" + "0100" + "0200" + "01000000";

  private static byte[] event(int size, int type, int code, int value) {
    ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    if (size == 24) {
      buffer.putLong(1_700_000_000L).putLong(123);
    } else {
      buffer.putInt(1_700_000_000).putInt(123);
    }
    return buffer.putShort((short) type).putShort((short) code).putInt(value).array();
  }

  /** What a reader sends for one key: scan code, press, sync, release, sync. */
  private static void key(ByteArrayOutputStream out, int size, int code) {
    out.writeBytes(event(size, EV_MSC, 4, 0x70000 + code));
    out.writeBytes(event(size, EV_KEY, code, 1));
    out.writeBytes(event(size, EV_SYN, 0, 0));
    out.writeBytes(event(size, EV_KEY, code, 0));
    out.writeBytes(event(size, EV_SYN, 0, 0));
  }

  private static byte[] typed(int size, int... codes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int code : codes) {
      key(out, size, code);
    }
    return out.toByteArray();
  }

  @Test
  void eventLayoutMatchesLinuxInputH() {
    assertThat(HexFormat.of().formatHex(event(24, EV_KEY, 2, 1))).isEqualTo(KEY_1_DOWN_64);
    assertThat(InputEventLayout.defaultEventSize("aarch64")).isEqualTo(24);
    assertThat(InputEventLayout.defaultEventSize("amd64")).isEqualTo(24);
    assertThat(InputEventLayout.defaultEventSize("arm")).isEqualTo(16);
  }

  @Test
  void tenDecimalDigitsAreTheFourByteUid() {
    // "0012345678" + Enter: KEY_0 = 11, KEY_1..KEY_9 = 2..10.
    byte[] bytes = typed(24, 11, 11, 2, 3, 4, 5, 6, 7, 8, 9, KEY_ENTER);
    KeyboardWedgeDecoder decoder = new KeyboardWedgeDecoder(24, UidText.DECIMAL);

    List<WedgeLine> lines = decoder.feed(bytes, 0, bytes.length);

    // 12345678 = 0x00BC614E
    assertThat(lines)
        .singleElement()
        .isInstanceOfSatisfying(
            WedgeLine.Uid.class,
            uid -> assertThat(HexFormat.of().formatHex(uid.uid())).isEqualTo("00bc614e"));
  }

  @Test
  void hexWithShiftOn32BitLayoutSplitAcrossReads() {
    // "04A1" + Enter, letters typed with left shift (42) held, 16-byte armhf events.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    key(out, 16, 11);
    key(out, 16, 5);
    out.writeBytes(event(16, EV_KEY, 42, 1));
    key(out, 16, 30);
    out.writeBytes(event(16, EV_KEY, 42, 0));
    key(out, 16, 2);
    key(out, 16, KEY_ENTER);
    byte[] bytes = out.toByteArray();
    KeyboardWedgeDecoder decoder = new KeyboardWedgeDecoder(16, UidText.HEX);

    assertThat(decoder.feed(bytes, 0, 37)).isEmpty();
    assertThat(decoder.pendingBytes()).isEqualTo(5);
    List<WedgeLine> lines = decoder.feed(bytes, 37, bytes.length - 37);

    assertThat(lines)
        .singleElement()
        .isInstanceOfSatisfying(
            WedgeLine.Uid.class,
            uid -> assertThat(HexFormat.of().formatHex(uid.uid())).isEqualTo("04a1"));
  }

  @Test
  void unexpectedKeysAndEmptyOrOddLinesAreRejectedWithoutQuotingThem() {
    KeyboardWedgeDecoder decimal = new KeyboardWedgeDecoder(24, UidText.DECIMAL);
    byte[] withQ = typed(24, 2, 16, 3, KEY_ENTER); // KEY_Q = 16
    assertThat(decimal.feed(withQ, 0, withQ.length))
        .containsExactly(
            new WedgeLine.Rejected("the reader typed key code 16, which is not a digit or A-F"));
    byte[] empty = typed(24, KEY_ENTER);
    assertThat(decimal.feed(empty, 0, empty.length))
        .containsExactly(new WedgeLine.Rejected("the reader sent Enter without a card number"));
    byte[] hexInDecimal = typed(24, 30, 2, KEY_ENTER);
    assertThat(decimal.feed(hexInDecimal, 0, hexInDecimal.length))
        .singleElement()
        .isInstanceOf(WedgeLine.Rejected.class);
    KeyboardWedgeDecoder hex = new KeyboardWedgeDecoder(24, UidText.HEX);
    byte[] odd = typed(24, 2, 3, 4, KEY_ENTER);
    assertThat(hex.feed(odd, 0, odd.length))
        .containsExactly(
            new WedgeLine.Rejected(
                "the reader typed 3 hex digits; a UID is whole bytes (pairs of digits)"));
  }

  @Test
  void aLineThatNeverEndsIsCappedAndTheNextLineWorks() {
    int[] codes = new int[31];
    java.util.Arrays.fill(codes, 2);
    codes[30] = KEY_ENTER;
    KeyboardWedgeDecoder decoder = new KeyboardWedgeDecoder(24, UidText.DECIMAL);
    byte[] longLine = typed(24, codes);
    assertThat(decoder.feed(longLine, 0, longLine.length))
        .containsExactly(
            new WedgeLine.Rejected("the reader typed more than 24 characters before Enter"));
    byte[] good = typed(24, 2, KEY_ENTER);
    assertThat(decoder.feed(good, 0, good.length))
        .singleElement()
        .isInstanceOfSatisfying(
            WedgeLine.Uid.class,
            uid -> assertThat(HexFormat.of().formatHex(uid.uid())).isEqualTo("00000001"));
  }
}
