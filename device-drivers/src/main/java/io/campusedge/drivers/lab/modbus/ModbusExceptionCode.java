package io.campusedge.drivers.lab.modbus;

import java.util.Locale;

/**
 * Exception codes a Modbus server returns instead of data, with their names from the Modbus
 * Application Protocol Specification V1.1b3, section 7 "MODBUS Exception Responses".
 */
enum ModbusExceptionCode {
  ILLEGAL_FUNCTION(0x01, "the device does not support this function"),
  ILLEGAL_DATA_ADDRESS(0x02, "no such register on the device; check the address in registers:"),
  ILLEGAL_DATA_VALUE(0x03, "the device refused the value or quantity"),
  SERVER_DEVICE_FAILURE(0x04, "the device failed while performing the request"),
  ACKNOWLEDGE(0x05, "accepted, still working on it"),
  SERVER_DEVICE_BUSY(0x06, "the device is busy; try later"),
  MEMORY_PARITY_ERROR(0x08, "the device found a memory parity error"),
  GATEWAY_PATH_UNAVAILABLE(0x0A, "the Modbus gateway has no path to this unit id"),
  GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND(
      0x0B, "the device behind the Modbus gateway did not answer (unplugged or wrong unit id?)");

  private final int code;
  private final String hint;

  ModbusExceptionCode(int code, String hint) {
    this.code = code;
    this.hint = hint;
  }

  int code() {
    return code;
  }

  /** The spec's name, e.g. {@code ILLEGAL DATA ADDRESS}. */
  String specName() {
    return name().replace('_', ' ');
  }

  /** Whether the fault lies on the way to the device (a gateway) rather than in the device. */
  boolean gatewayFault() {
    return this == GATEWAY_PATH_UNAVAILABLE || this == GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND;
  }

  /** {@code "exception 02 ILLEGAL DATA ADDRESS (no such register ...)"}; unknown codes too. */
  static String describe(int code) {
    for (ModbusExceptionCode c : values()) {
      if (c.code == code) {
        return String.format(Locale.ROOT, "exception %02X %s (%s)", code, c.specName(), c.hint);
      }
    }
    return String.format(Locale.ROOT, "exception %02X (not defined by the Modbus spec)", code);
  }

  static boolean isGatewayFault(int code) {
    return code == GATEWAY_PATH_UNAVAILABLE.code
        || code == GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND.code;
  }
}
