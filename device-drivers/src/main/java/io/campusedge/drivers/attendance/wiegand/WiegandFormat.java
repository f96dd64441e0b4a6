package io.campusedge.drivers.attendance.wiegand;

/**
 * The two frame layouts readers send. Bits are numbered in the order they arrive, from 0.
 *
 * <ul>
 *   <li>26 bits, HID H10301 (HID "Understanding Card Data Formats", standard 26-bit format): bit 0
 *       even parity over bits 1-12, bits 1-8 facility code, bits 9-24 card number, bit 25 odd
 *       parity over bits 13-24.
 *   <li>34 bits, the H10306 layout that MIFARE readers also use for a 4-byte UID: bit 0 even parity
 *       over bits 1-16, bits 1-16 facility code (first UID half), bits 17-32 card number, bit 33
 *       odd parity over bits 17-32.
 * </ul>
 */
public enum WiegandFormat {
  W26(26),
  W34(34);

  private final int bits;

  WiegandFormat(int bits) {
    this.bits = bits;
  }

  public int bits() {
    return bits;
  }

  public static WiegandFormat ofBits(int bits) {
    for (WiegandFormat format : values()) {
      if (format.bits == bits) {
        return format;
      }
    }
    throw new IllegalArgumentException("Wiegand " + bits + " bits is not supported (26 or 34)");
  }

  int dataBits() {
    return bits - 2;
  }

  /**
   * Checks and splits one frame; {@code frame} holds the bits MSB first (bit 0 arrived first). The
   * card's identity is the data bits without the parity bits, as big-endian bytes (3 bytes for 26
   * bits, 4 for 34): what a MIFARE reader configured for Wiegand 34 sends is the 4-byte UID.
   */
  WiegandFrame decode(long frame, int count) {
    if (count != bits) {
      return new WiegandFrame.Rejected(
          "Wiegand frame had "
              + count
              + " bits, expected "
              + bits
              + " (loose D0/D1 wire, or the reader is set to another format?)");
    }
    int half = dataBits() / 2;
    long data = (frame >>> 1) & ((1L << dataBits()) - 1);
    long firstHalf = data >>> half;
    long secondHalf = data & ((1L << half) - 1);
    int evenBit = (int) (frame >>> (bits - 1)) & 1;
    int oddBit = (int) frame & 1;
    if ((Long.bitCount(firstHalf) + evenBit) % 2 != 0) {
      return new WiegandFrame.Rejected(
          "Wiegand "
              + bits
              + " even parity error over bits 1-"
              + half
              + " (noise on the D0/D1 lines?)");
    }
    if ((Long.bitCount(secondHalf) + oddBit) % 2 != 1) {
      return new WiegandFrame.Rejected(
          "Wiegand "
              + bits
              + " odd parity error over bits "
              + (half + 1)
              + "-"
              + (2 * half)
              + " (noise on the D0/D1 lines?)");
    }
    int facilityBits = this == W26 ? 8 : 16;
    int cardBits = dataBits() - facilityBits;
    int facility = (int) (data >>> cardBits);
    int card = (int) (data & ((1L << cardBits) - 1));
    byte[] id = new byte[dataBits() / 8];
    for (int i = 0; i < id.length; i++) {
      id[i] = (byte) (data >>> (8 * (id.length - 1 - i)));
    }
    return new WiegandFrame.Card(this, facility, card, id);
  }
}
