package io.campusedge.simulators.devices.av;

/** What a simulated board does to its next reply, for tests and the console. */
public enum BoardFault {
  /** Answers with bytes that are no reply at all. */
  GARBAGE,
  /** Answers nothing; the connection stays open. */
  SILENCE,
  /** Sends half the reply and closes the connection. */
  CLOSE_MID_REPLY,
  /** Refuses the command the way the model does (SMART: "invalid command"; MDC: a nak). */
  REFUSE,
  /** Binary boards: the right frame with a wrong checksum. */
  BAD_CHECKSUM
}
