package io.campusedge.simulators.devices.attendance;

import java.util.HexFormat;

/**
 * An ISO/IEC 14443 Type A card for the simulated MFRC522 field: a 4-byte (single size, MIFARE
 * Classic) or 7-byte (double size, Ultralight/DESFire) UID and the PICC state machine of clause 6
 * (IDLE, READY, ACTIVE, HALT).
 */
public final class VirtualCard {
  enum State {
    IDLE,
    READY,
    ACTIVE,
    HALT
  }

  private final byte[] uid;
  State state = State.IDLE;
  int level;

  private VirtualCard(byte[] uid) {
    if (uid.length != 4 && uid.length != 7 && uid.length != 10) {
      throw new IllegalArgumentException("a Type A UID has 4, 7 or 10 bytes, not " + uid.length);
    }
    this.uid = uid.clone();
  }

  /** A card with UID {@code hex}, e.g. {@code "DEADBEEF"} or {@code "04253645A1B2C3"}. */
  public static VirtualCard of(String hex) {
    return new VirtualCard(HexFormat.of().parseHex(hex.replace(" ", "")));
  }

  public byte[] uid() {
    return uid.clone();
  }

  int cascadeLevels() {
    return uid.length == 4 ? 1 : uid.length == 7 ? 2 : 3;
  }

  /** ATQA, sent LSB first: bits 8..7 give the UID size (00 single, 01 double, 10 triple). */
  byte[] atqa() {
    return new byte[] {(byte) (0x04 | ((cascadeLevels() - 1) << 6)), 0x00};
  }

  /**
   * The four UID bytes of cascade level {@code level} (0-based), with the cascade tag if needed.
   */
  byte[] levelBytes(int level) {
    boolean last = level == cascadeLevels() - 1;
    byte[] out = new byte[4];
    int from = 3 * level;
    if (last) {
      System.arraycopy(uid, from, out, 0, 4);
    } else {
      out[0] = (byte) 0x88;
      System.arraycopy(uid, from, out, 1, 3);
    }
    return out;
  }

  /**
   * SAK: cascade bit while the UID continues; then 0x08 (MIFARE Classic 1K) or 0x00 (Ultralight).
   */
  int sak(int level) {
    if (level < cascadeLevels() - 1) {
      return 0x04;
    }
    return uid.length == 4 ? 0x08 : 0x00;
  }

  @Override
  public String toString() {
    return "VirtualCard[" + uid.length + " bytes]";
  }
}
