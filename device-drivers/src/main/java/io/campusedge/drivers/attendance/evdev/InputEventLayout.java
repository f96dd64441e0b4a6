package io.campusedge.drivers.attendance.evdev;

/**
 * Linux {@code struct input_event} (include/uapi/linux/input.h): a {@code struct timeval} (two
 * longs), {@code __u16 type}, {@code __u16 code}, {@code __s32 value}, in the machine's byte order
 * (little endian on every Raspberry Pi). 24 bytes for 64-bit processes, 16 bytes for 32-bit ones
 * (armhf), where the timeval is two 32-bit longs. Codes from
 * include/uapi/linux/input-event-codes.h.
 */
final class InputEventLayout {
  static final int EV_KEY = 0x01;
  static final int KEY_PRESSED = 1;

  static final int KEY_ENTER = 28;
  static final int KEY_KPENTER = 96;
  static final int KEY_LEFTSHIFT = 42;
  static final int KEY_RIGHTSHIFT = 54;

  private InputEventLayout() {}

  /** 16 for a 32-bit JVM (os.arch arm, x86, i386...), 24 otherwise. */
  static int defaultEventSize(String osArch) {
    return switch (osArch) {
      case "arm", "armv7l", "armhf", "x86", "i386", "i486", "i586", "i686" -> 16;
      default -> 24;
    };
  }

  /** The character a key types, or 0 for keys a card reader does not use. */
  static char character(int code) {
    return switch (code) {
      case 11, 82 -> '0'; // KEY_0, KEY_KP0
      case 2, 79 -> '1'; // KEY_1, KEY_KP1
      case 3, 80 -> '2';
      case 4, 81 -> '3';
      case 5, 75 -> '4';
      case 6, 76 -> '5';
      case 7, 77 -> '6';
      case 8, 71 -> '7';
      case 9, 72 -> '8';
      case 10, 73 -> '9'; // KEY_9, KEY_KP9
      case 30 -> 'A'; // KEY_A
      case 48 -> 'B'; // KEY_B
      case 46 -> 'C'; // KEY_C
      case 32 -> 'D'; // KEY_D
      case 18 -> 'E'; // KEY_E
      case 33 -> 'F'; // KEY_F
      default -> 0;
    };
  }
}
