package io.campusedge.agent.internal.outbox;

/** The running agent holds the outbox file's lock; read its status page instead. */
public final class OutboxInUseException extends OutboxException {
  OutboxInUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
