package io.campusedge.agent.internal.outbox;

/** The outbox file cannot be read or written. */
public class OutboxException extends Exception {
  public OutboxException(String message, Throwable cause) {
    super(message, cause);
  }

  public OutboxException(String message) {
    super(message);
  }
}
