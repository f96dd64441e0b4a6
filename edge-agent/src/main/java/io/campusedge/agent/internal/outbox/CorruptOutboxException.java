package io.campusedge.agent.internal.outbox;

/** H2 cannot open the outbox file because of what is in it. */
public final class CorruptOutboxException extends OutboxException {
  CorruptOutboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
