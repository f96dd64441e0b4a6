package io.campusedge.agent.internal.outbox;

/**
 * A record could not be written because the disk is full. {@code heldInMemory}: it waits in memory
 * and is stored when space returns; otherwise it was dropped and counted.
 */
public final class DiskFullException extends OutboxException {
  private final boolean heldInMemory;

  public DiskFullException(String message, boolean heldInMemory) {
    super(message);
    this.heldInMemory = heldInMemory;
  }

  public boolean heldInMemory() {
    return heldInMemory;
  }
}
