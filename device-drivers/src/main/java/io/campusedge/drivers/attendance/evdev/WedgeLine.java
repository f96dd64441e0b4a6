package io.campusedge.drivers.attendance.evdev;

/** One line a keyboard-wedge reader typed, ended by Enter. */
sealed interface WedgeLine {

  /** The UID bytes to hash; the caller wipes them. */
  record Uid(byte[] uid) implements WedgeLine {
    @Override
    public String toString() {
      return "Uid[" + uid.length + " bytes]";
    }
  }

  /** Not a card number: why, never quoting what was typed. */
  record Rejected(String reason) implements WedgeLine {}
}
