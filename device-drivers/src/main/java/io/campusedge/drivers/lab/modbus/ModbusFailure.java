package io.campusedge.drivers.lab.modbus;

/**
 * A Modbus exchange that gave no usable answer. Stays inside the driver, which turns it into BAD
 * readings, an unreachable status or an action result carrying {@link #getMessage()}.
 */
final class ModbusFailure extends Exception {

  enum Problem {
    /** No TCP connection (refused, no route, connect timeout). */
    UNREACHABLE,
    /** Connected, but no (complete) reply within the timeout. */
    NO_ANSWER,
    /** The server closed the connection before the reply was complete. */
    CLOSED,
    /** Bytes that are not a Modbus TCP reply to the request. */
    MALFORMED,
    /** A well-formed exception response (section 7 of the spec). */
    DEVICE_EXCEPTION
  }

  private final Problem problem;
  private final int exceptionCode;
  private final boolean beforeReply;

  ModbusFailure(Problem problem, String message) {
    this(problem, message, 0, false);
  }

  ModbusFailure(Problem problem, String message, int exceptionCode, boolean beforeReply) {
    super(message);
    this.problem = problem;
    this.exceptionCode = exceptionCode;
    this.beforeReply = beforeReply;
  }

  static ModbusFailure deviceException(int code, String message) {
    return new ModbusFailure(Problem.DEVICE_EXCEPTION, message, code, false);
  }

  Problem problem() {
    return problem;
  }

  /** The exception code of a {@link Problem#DEVICE_EXCEPTION}, else 0. */
  int exceptionCode() {
    return exceptionCode;
  }

  /** The connection was found closed before any byte of the reply came. */
  boolean beforeReply() {
    return beforeReply;
  }

  /** Whether the device cannot be talked to, as opposed to answering (badly or with an error). */
  boolean unreachable() {
    return problem == Problem.UNREACHABLE
        || problem == Problem.NO_ANSWER
        || problem == Problem.CLOSED
        || (problem == Problem.DEVICE_EXCEPTION
            && ModbusExceptionCode.isGatewayFault(exceptionCode));
  }
}
