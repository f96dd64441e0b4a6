package io.campusedge.drivers.attendance.mfrc522;

/**
 * MFRC522 register addresses, bits and commands (NXP MFRC522 datasheet rev. 3.9, section 9.2
 * register overview, section 10.3 command set) and the SPI address byte (section 8.1.2.3).
 */
final class Mfrc522Registers {
  static final int COMMAND = 0x01;
  static final int COM_IRQ = 0x04;
  static final int DIV_IRQ = 0x05;
  static final int ERROR = 0x06;
  static final int FIFO_DATA = 0x09;
  static final int FIFO_LEVEL = 0x0A;
  static final int CONTROL = 0x0C;
  static final int BIT_FRAMING = 0x0D;
  static final int COLL = 0x0E;
  static final int MODE = 0x11;
  static final int TX_MODE = 0x12;
  static final int RX_MODE = 0x13;
  static final int TX_CONTROL = 0x14;
  static final int TX_ASK = 0x15;
  static final int T_MODE = 0x2A;
  static final int T_PRESCALER = 0x2B;
  static final int T_RELOAD_H = 0x2C;
  static final int T_RELOAD_L = 0x2D;
  static final int VERSION = 0x37;

  // CommandReg command codes (section 10.3).
  static final int CMD_IDLE = 0x00;
  static final int CMD_TRANSCEIVE = 0x0C;
  static final int CMD_SOFT_RESET = 0x0F;

  /** CommandReg bit 4: soft power-down; set while the chip is still resetting. */
  static final int POWER_DOWN = 0x10;

  // ComIrqReg bits (section 9.3.1.5).
  static final int IRQ_RX = 0x20;
  static final int IRQ_IDLE = 0x10;
  static final int IRQ_ERR = 0x02;
  static final int IRQ_TIMER = 0x01;
  static final int IRQ_CLEAR_ALL = 0x7F;

  // ErrorReg bits (section 9.3.1.7).
  static final int ERR_BUFFER_OVERFLOW = 0x10;
  static final int ERR_COLLISION = 0x08;
  static final int ERR_PARITY = 0x02;
  static final int ERR_PROTOCOL = 0x01;

  static final int FIFO_FLUSH = 0x80;
  static final int START_SEND = 0x80;
  static final int ANTENNA_ON = 0x03;

  private Mfrc522Registers() {}

  /** SPI address byte to read {@code register}: bit 7 = 1 (read), bits 6..1 address, bit 0 = 0. */
  static byte readAddress(int register) {
    return (byte) (0x80 | ((register & 0x3F) << 1));
  }

  /** SPI address byte to write {@code register}: bit 7 = 0 (write), bits 6..1, bit 0 = 0. */
  static byte writeAddress(int register) {
    return (byte) ((register & 0x3F) << 1);
  }

  /** Chip present: a floating MISO reads 0xFF, a chip without power or clock reads 0x00. */
  static boolean plausibleVersion(int version) {
    return version != 0x00 && version != 0xFF;
  }
}
