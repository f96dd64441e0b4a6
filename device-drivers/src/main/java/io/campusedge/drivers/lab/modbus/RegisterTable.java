package io.campusedge.drivers.lab.modbus;

import java.util.Locale;
import java.util.Optional;

/**
 * The four Modbus data tables (Modbus Application Protocol V1.1b3, section 4.3) with the function
 * codes that read them (section 6.1 to 6.4).
 */
enum RegisterTable {
  COIL("coil", 0x01, true),
  DISCRETE("discrete", 0x02, true),
  HOLDING("holding", 0x03, false),
  INPUT("input", 0x04, false);

  private final String word;
  private final int readFunction;
  private final boolean bits;

  RegisterTable(String word, int readFunction, boolean bits) {
    this.word = word;
    this.readFunction = readFunction;
    this.bits = bits;
  }

  String word() {
    return word;
  }

  int readFunction() {
    return readFunction;
  }

  /** Single-bit tables (coils, discrete inputs) as opposed to 16-bit registers. */
  boolean bits() {
    return bits;
  }

  /** Only coils and holding registers can be written (sections 6.5, 6.6, 6.12). */
  boolean writable() {
    return this == COIL || this == HOLDING;
  }

  static Optional<RegisterTable> of(String word) {
    String w = word.trim().toLowerCase(Locale.ROOT);
    for (RegisterTable t : values()) {
      if (t.word.equals(w)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
