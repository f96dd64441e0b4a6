package io.campusedge.hub.internal.store;

/** The database refused or failed a statement; the work was rolled back. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
