package io.campusedge.drivers.lab.modbus;

import java.util.Locale;
import java.util.Optional;

/** How the bits of a point are read: one bit, or one or two 16-bit registers. */
enum DataType {
  BOOL(0, 0, 1),
  INT16(1, Short.MIN_VALUE, Short.MAX_VALUE),
  UINT16(1, 0, 0xFFFF),
  INT32(2, Integer.MIN_VALUE, Integer.MAX_VALUE),
  UINT32(2, 0, 0xFFFF_FFFFL),
  FLOAT32(2, 0, 0);

  private final int words;
  private final long min;
  private final long max;

  DataType(int words, long min, long max) {
    this.words = words;
    this.min = min;
    this.max = max;
  }

  /** Registers the value spans; 0 for a single coil or discrete input. */
  int words() {
    return words;
  }

  boolean integral() {
    return this != BOOL && this != FLOAT32;
  }

  long min() {
    return min;
  }

  long max() {
    return max;
  }

  String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<DataType> of(String word) {
    try {
      return Optional.of(valueOf(word.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
