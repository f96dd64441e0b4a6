package io.campusedge.drivers.lab.modbus;

import io.campusedge.drivers.lab.modbus.ModbusFailure.Problem;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Modbus TCP bytes, without I/O: request PDUs, the MBAP header, reply checking and register values.
 * Section numbers refer to the Modbus Application Protocol Specification V1.1b3 ("spec") and the
 * Modbus Messaging on TCP/IP Implementation Guide V1.0b ("TCP guide").
 */
final class ModbusCodec {
  static final int DEFAULT_PORT = 502;

  /** MBAP header: transaction id, protocol id, length, unit id (TCP guide 3.1.3). */
  static final int MBAP_LENGTH = 7;

  /** Largest PDU (spec 4.1: 253 bytes), so the MBAP length field is at most 254. */
  static final int MAX_PDU = 253;

  /** Quantity limits of the read functions (spec 6.1 to 6.4). */
  static final int MAX_READ_BITS = 2000;

  static final int MAX_READ_REGISTERS = 125;
  static final int WRITE_SINGLE_COIL = 0x05;
  static final int WRITE_SINGLE_REGISTER = 0x06;
  static final int WRITE_MULTIPLE_REGISTERS = 0x10;

  private ModbusCodec() {}

  /** Read request PDU: function, start address, quantity (spec 6.1 to 6.4). */
  static byte[] readRequest(RegisterTable table, int address, int quantity) {
    int limit = table.bits() ? MAX_READ_BITS : MAX_READ_REGISTERS;
    if (quantity < 1 || quantity > limit || address < 0 || address + quantity > 0x10000) {
      throw new IllegalArgumentException(
          "cannot read " + quantity + " from " + table.word() + " " + address);
    }
    return new byte[] {
      (byte) table.readFunction(),
      (byte) (address >> 8),
      (byte) address,
      (byte) (quantity >> 8),
      (byte) quantity
    };
  }

  /** Write Single Coil (spec 6.5): ON is 0xFF00, OFF 0x0000. */
  static byte[] writeCoil(int address, boolean on) {
    return new byte[] {
      WRITE_SINGLE_COIL, (byte) (address >> 8), (byte) address, (byte) (on ? 0xFF : 0x00), 0x00
    };
  }

  /** Write Single Register (spec 6.6) for one word, Write Multiple Registers (6.12) for more. */
  static byte[] writeRegisters(int address, int[] words) {
    if (words.length == 1) {
      return new byte[] {
        WRITE_SINGLE_REGISTER,
        (byte) (address >> 8),
        (byte) address,
        (byte) (words[0] >> 8),
        (byte) words[0]
      };
    }
    byte[] pdu = new byte[6 + 2 * words.length];
    pdu[0] = WRITE_MULTIPLE_REGISTERS;
    pdu[1] = (byte) (address >> 8);
    pdu[2] = (byte) address;
    pdu[3] = (byte) (words.length >> 8);
    pdu[4] = (byte) words.length;
    pdu[5] = (byte) (2 * words.length);
    for (int i = 0; i < words.length; i++) {
      pdu[6 + 2 * i] = (byte) (words[i] >> 8);
      pdu[7 + 2 * i] = (byte) words[i];
    }
    return pdu;
  }

  /** MBAP header + PDU (TCP guide 3.1.3); protocol id 0, length counts unit id and PDU. */
  static byte[] adu(int transactionId, int unitId, byte[] pdu) {
    byte[] adu = new byte[MBAP_LENGTH + pdu.length];
    int length = pdu.length + 1;
    adu[0] = (byte) (transactionId >> 8);
    adu[1] = (byte) transactionId;
    adu[4] = (byte) (length >> 8);
    adu[5] = (byte) length;
    adu[6] = (byte) unitId;
    System.arraycopy(pdu, 0, adu, MBAP_LENGTH, pdu.length);
    return adu;
  }

  /**
   * Checks a reply's MBAP header against the request and returns how many PDU bytes follow it. A
   * wrong protocol id, transaction id or unit id, or a length no PDU can have, is malformed.
   */
  static int replyPduLength(byte[] header, int transactionId, int unitId) throws ModbusFailure {
    int transaction = word(header, 0);
    int protocol = word(header, 2);
    int length = word(header, 4);
    int unit = header[6] & 0xFF;
    if (protocol != 0) {
      throw malformed("MBAP protocol id " + hex4(protocol) + " is not 0 (Modbus)", header);
    }
    if (length < 2 || length > MAX_PDU + 1) {
      throw malformed("MBAP length " + length + " outside 2..254", header);
    }
    if (transaction != transactionId) {
      throw malformed(
          "reply to transaction " + transaction + " while waiting for " + transactionId, header);
    }
    if (unit != unitId) {
      throw malformed("reply from unit " + unit + " while asking unit " + unitId, header);
    }
    return length - 1;
  }

  /** The coils or discrete inputs of a read reply (spec 6.1/6.2: LSB of the first byte first). */
  static boolean[] bits(byte[] request, byte[] reply) throws ModbusFailure {
    int quantity = word(request, 3);
    checkFunction(request, reply);
    int bytes = (quantity + 7) / 8;
    checkByteCount(request, reply, bytes);
    boolean[] bits = new boolean[quantity];
    for (int i = 0; i < quantity; i++) {
      bits[i] = (reply[2 + i / 8] >> (i % 8) & 1) == 1;
    }
    return bits;
  }

  /** The registers of a read reply (spec 6.3/6.4), each 0..65535. */
  static int[] registers(byte[] request, byte[] reply) throws ModbusFailure {
    int quantity = word(request, 3);
    checkFunction(request, reply);
    checkByteCount(request, reply, 2 * quantity);
    int[] words = new int[quantity];
    for (int i = 0; i < quantity; i++) {
      words[i] = word(reply, 2 + 2 * i);
    }
    return words;
  }

  /**
   * A write reply echoes the request: all of it for FC 05/06 (spec 6.5/6.6), address and quantity
   * for FC 16 (spec 6.12).
   */
  static void writeConfirmed(byte[] request, byte[] reply) throws ModbusFailure {
    checkFunction(request, reply);
    int echoed = 5;
    if (reply.length != echoed) {
      throw malformed("write reply of " + reply.length + " bytes, expected 5", reply);
    }
    for (int i = 1; i < echoed; i++) {
      if (reply[i] != request[i]) {
        throw malformed("write reply does not echo the request " + hex(request), reply);
      }
    }
  }

  private static void checkFunction(byte[] request, byte[] reply) throws ModbusFailure {
    int asked = request[0] & 0xFF;
    if (reply.length == 0) {
      throw malformed("empty PDU", reply);
    }
    int function = reply[0] & 0xFF;
    if (function == (asked | 0x80)) {
      if (reply.length != 2) {
        throw malformed("exception response of " + reply.length + " bytes, expected 2", reply);
      }
      int code = reply[1] & 0xFF;
      throw ModbusFailure.deviceException(code, ModbusExceptionCode.describe(code));
    }
    if (function != asked) {
      throw malformed("function " + hex2(function) + " in reply to function " + hex2(asked), reply);
    }
  }

  private static void checkByteCount(byte[] request, byte[] reply, int expected)
      throws ModbusFailure {
    if (reply.length < 2 || (reply[1] & 0xFF) != expected || reply.length != 2 + expected) {
      throw malformed(
          "reply to "
              + hex(request)
              + " should carry "
              + expected
              + " data bytes, got byte count "
              + (reply.length < 2 ? "none" : String.valueOf(reply[1] & 0xFF))
              + " in "
              + reply.length
              + " PDU bytes",
          reply);
    }
  }

  // --- register values ---------------------------------------------------------------------

  /** The raw value of one or two registers: integers exact, float32 as IEEE 754 single. */
  static double decode(int[] words, DataType type, WordOrder order) {
    return switch (type) {
      case BOOL -> throw new IllegalArgumentException("bool is read from coils or discretes");
      case INT16 -> (short) words[0];
      case UINT16 -> words[0] & 0xFFFF;
      case INT32 -> (int) join(words, order);
      case UINT32 -> join(words, order) & 0xFFFF_FFFFL;
      case FLOAT32 -> Float.intBitsToFloat((int) join(words, order));
    };
  }

  /** The registers that hold {@code raw} (already unscaled and range-checked by the caller). */
  static int[] encode(double raw, DataType type, WordOrder order) {
    return switch (type) {
      case BOOL -> throw new IllegalArgumentException("bool is written to coils");
      case INT16, UINT16 -> new int[] {(int) ((long) raw & 0xFFFF)};
      case INT32, UINT32 -> split((long) raw, order);
      case FLOAT32 -> split(Float.floatToIntBits((float) raw), order);
    };
  }

  private static long join(int[] words, WordOrder order) {
    int high = order == WordOrder.BIG ? words[0] : words[1];
    int low = order == WordOrder.BIG ? words[1] : words[0];
    return ((long) (high & 0xFFFF) << 16) | (low & 0xFFFF);
  }

  private static int[] split(long bits, WordOrder order) {
    int high = (int) (bits >> 16) & 0xFFFF;
    int low = (int) bits & 0xFFFF;
    return order == WordOrder.BIG ? new int[] {high, low} : new int[] {low, high};
  }

  static int word(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  static String hex(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
  }

  private static String hex2(int v) {
    return String.format(Locale.ROOT, "%02X", v);
  }

  private static String hex4(int v) {
    return String.format(Locale.ROOT, "%04X", v);
  }

  private static ModbusFailure malformed(String why, byte[] bytes) {
    String shown = bytes.length > 24 ? hex(java.util.Arrays.copyOf(bytes, 24)) + " …" : hex(bytes);
    return new ModbusFailure(Problem.MALFORMED, "malformed reply: " + why + " [" + shown + "]");
  }
}
