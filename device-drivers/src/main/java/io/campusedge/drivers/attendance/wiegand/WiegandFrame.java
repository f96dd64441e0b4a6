package io.campusedge.drivers.attendance.wiegand;

/** What the decoder made of one burst of pulses. */
sealed interface WiegandFrame {

  /** A frame with correct length and parity. {@code id} is the card identity to hash. */
  record Card(WiegandFormat format, int facility, int cardNumber, byte[] id)
      implements WiegandFrame {
    @Override
    public String toString() {
      return "Card[" + format + "]"; // facility and card number identify a person: not printed
    }
  }

  /** Not a card: why, in words a technician can act on. */
  record Rejected(String reason) implements WiegandFrame {}
}
