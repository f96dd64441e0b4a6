package io.campusedge.drivers.lab.modbus;

/**
 * One configured value: its metric name, where it lives (table and 0-based protocol address, as in
 * the PDU, not the "40001" documentation numbering), how to decode it, the linear scaling to
 * engineering units ({@code value = raw * scale + offset}), its UCUM unit and whether hub commands
 * may write it.
 */
record RegisterPoint(
    String name,
    RegisterTable table,
    int address,
    DataType type,
    WordOrder wordOrder,
    double scale,
    double offset,
    String unit,
    boolean writable) {

  /** Coils or registers one read of this point asks for. */
  int quantity() {
    return table.bits() ? 1 : type.words();
  }

  /** {@code "holding register 10"}, for messages. */
  String where() {
    return switch (table) {
      case COIL -> "coil " + address;
      case DISCRETE -> "discrete input " + address;
      case HOLDING -> "holding register " + address;
      case INPUT -> "input register " + address;
    };
  }
}
