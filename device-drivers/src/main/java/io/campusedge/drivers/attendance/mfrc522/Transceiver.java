package io.campusedge.drivers.attendance.mfrc522;

import io.campusedge.drivers.bus.BusException;

/** Sends one frame to the cards in the field and returns what came back. */
interface Transceiver {
  /**
   * @param frame bytes to send
   * @param txLastBits bits of the last byte to send (0 = all 8; 7 for the REQA short frame)
   */
  Answer transceive(byte[] frame, int txLastBits) throws BusException;

  /** What the reader chip received. */
  record Answer(Kind kind, byte[] data, int rxLastBits) {
    enum Kind {
      /** A complete answer; {@code data} holds it. */
      RECEIVED,
      /** No card answered before the chip's timer ran out. */
      NO_ANSWER,
      /** Two cards answered different bits at the same time. */
      COLLISION,
      /** Parity, protocol or buffer error reported by the chip. */
      ERROR
    }

    static Answer of(Kind kind) {
      return new Answer(kind, new byte[0], 0);
    }
  }
}
