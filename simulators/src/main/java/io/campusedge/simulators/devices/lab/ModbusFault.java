package io.campusedge.simulators.devices.lab;

/** What the simulated Modbus server does to the next request instead of answering it normally. */
public sealed interface ModbusFault {

  /**
   * An exception response (Modbus Application Protocol V1.1b3, section 7): 0x01 illegal function,
   * 0x02 illegal data address, 0x03 illegal data value, 0x04 server device failure, 0x0B gateway
   * target device failed to respond, ...
   */
  record ExceptionReply(int code) implements ModbusFault {
    public ExceptionReply {
      if (code < 1 || code > 0xFF) {
        throw new IllegalArgumentException("exception code must be 01..FF, got " + code);
      }
    }
  }

  /** Close the connection on receiving the request, before any byte of the reply. */
  record CloseBeforeReply() implements ModbusFault {}

  /** Send the first half of the correct reply, then close the connection. */
  record CloseMidReply() implements ModbusFault {}

  /** Read the request and never answer it (the connection stays open). */
  record Silence() implements ModbusFault {}

  /** The correct reply behind an MBAP header whose protocol id is 0x0001 instead of 0 (Modbus). */
  record MalformedHeader() implements ModbusFault {}

  /** A correct MBAP header around these PDU bytes instead of the real answer. */
  record RawPdu(byte[] pdu) implements ModbusFault {
    public RawPdu {
      pdu = pdu.clone();
    }
  }
}
