package io.campusedge.drivers.lab.modbus;

/**
 * The order of the two registers of a 32-bit value. Bytes inside a register are always big-endian
 * (Modbus Application Protocol V1.1b3, section 4.2); the spec says nothing about values across two
 * registers, so devices differ: {@code big} sends the high word first (ABCD), {@code little} the
 * low word first (CDAB, common in energy meters).
 */
enum WordOrder {
  BIG,
  LITTLE
}
