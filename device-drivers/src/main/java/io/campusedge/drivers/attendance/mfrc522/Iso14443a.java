package io.campusedge.drivers.attendance.mfrc522;

import java.util.Arrays;

/**
 * ISO/IEC 14443-3 Type A facts the reader needs: command codes (clause 6.5), the UID check byte
 * BCC, the cascade tag, and CRC_A (Annex B). Pure functions, no I/O.
 */
final class Iso14443a {
  static final int REQA = 0x26;
  static final int HLTA = 0x50;

  /** SEL codes of cascade levels 1, 2 and 3. */
  static final int[] SEL = {0x93, 0x95, 0x97};

  /** NVB for ANTICOLLISION with no known UID bits (2 bytes sent) and for SELECT (7 bytes). */
  static final int NVB_ANTICOLLISION = 0x20;

  static final int NVB_SELECT = 0x70;

  /** First UID byte at a cascade level when the UID continues at the next level. */
  static final int CASCADE_TAG = 0x88;

  /** SAK bit 3 (value 0x04): "UID not complete". */
  static final int SAK_CASCADE_BIT = 0x04;

  private Iso14443a() {}

  /** BCC: exclusive-or of the four UID bytes of one cascade level. */
  static int bcc(byte[] levelBytes) {
    return (levelBytes[0] ^ levelBytes[1] ^ levelBytes[2] ^ levelBytes[3]) & 0xFF;
  }

  /**
   * CRC_A per ISO/IEC 14443-3 Annex B: CRC-16/CCITT, reflected polynomial 0x8408, initial value
   * 0x6363, no final XOR. Transmitted least significant byte first.
   */
  static int crcA(byte[] data, int length) {
    int crc = 0x6363;
    for (int i = 0; i < length; i++) {
      crc ^= data[i] & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
      }
    }
    return crc;
  }

  /** {@code frame} followed by its CRC_A, low byte first. */
  static byte[] withCrc(byte[] frame) {
    byte[] out = Arrays.copyOf(frame, frame.length + 2);
    int crc = crcA(frame, frame.length);
    out[frame.length] = (byte) crc;
    out[frame.length + 1] = (byte) (crc >>> 8);
    return out;
  }

  /** True when the last two bytes of {@code frame} are the CRC_A of the bytes before them. */
  static boolean crcOk(byte[] frame) {
    if (frame.length < 3) {
      return false;
    }
    int crc = crcA(frame, frame.length - 2);
    return (frame[frame.length - 2] & 0xFF) == (crc & 0xFF)
        && (frame[frame.length - 1] & 0xFF) == (crc >>> 8);
  }

  static byte[] anticollision(int level) {
    return new byte[] {(byte) SEL[level], NVB_ANTICOLLISION};
  }

  /** SELECT of one cascade level: SEL, NVB 0x70, the 4 UID bytes and BCC as received, CRC_A. */
  static byte[] select(int level, byte[] uidAndBcc) {
    byte[] frame = new byte[7];
    frame[0] = (byte) SEL[level];
    frame[1] = NVB_SELECT;
    System.arraycopy(uidAndBcc, 0, frame, 2, 5);
    return withCrc(frame);
  }

  static byte[] halt() {
    return withCrc(new byte[] {HLTA, 0x00});
  }
}
