package io.campusedge.drivers.display.pjlink;

/**
 * A PJLink exchange that gave no usable answer. Stays inside the driver, which turns it into BAD
 * readings, an unreachable status or an action result with {@link #getMessage()}.
 */
final class PjlinkException extends Exception {

  enum Problem {
    /** No TCP connection (refused, no route, connect timeout). */
    UNREACHABLE,
    /** Connected, but no (complete) answer within the timeout. */
    NO_ANSWER,
    /** The projector closed the connection before the reply was complete. */
    CLOSED,
    /** The projector answered with bytes that are not a PJLink reply to what was asked. */
    MALFORMED,
    /** Password missing or wrong (PJLINK ERRA). */
    AUTH
  }

  private final Problem problem;
  private final boolean beforeReply;

  PjlinkException(Problem problem, String message) {
    this(problem, message, false);
  }

  /** {@code beforeReply}: the connection was found closed before any byte of the reply came. */
  PjlinkException(Problem problem, String message, boolean beforeReply) {
    super(message);
    this.problem = problem;
    this.beforeReply = beforeReply;
  }

  boolean beforeReply() {
    return beforeReply;
  }

  Problem problem() {
    return problem;
  }

  /** Whether the device itself is out of reach (as opposed to answering badly). */
  boolean unreachable() {
    return problem == Problem.UNREACHABLE || problem == Problem.NO_ANSWER;
  }
}
