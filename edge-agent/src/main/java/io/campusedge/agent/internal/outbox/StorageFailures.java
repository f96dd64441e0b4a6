package io.campusedge.agent.internal.outbox;

import java.sql.SQLException;
import java.util.Locale;

/** Reads H2 and JDK failures for the two conditions the agent survives: full disk, closed store. */
final class StorageFailures {
  // H2 ErrorCode.NO_DISK_SPACE_AVAILABLE and DATABASE_IS_CLOSED.
  private static final int H2_NO_DISK_SPACE = 90100;
  private static final int H2_DATABASE_CLOSED = 90098;
  private static final String[] DISK_FULL_MESSAGES = {
    "no space left on device", // Linux ENOSPC
    "disk quota exceeded", // EDQUOT
    "not enough space on the disk", // Windows
    "file store full"
  };

  private StorageFailures() {}

  /**
   * H2 reports a full disk as a general error (50000) whose cause chain ends in {@code
   * java.io.IOException: No space left on device}; the store is closed afterwards.
   */
  static boolean isDiskFull(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == H2_NO_DISK_SPACE) {
        return true;
      }
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      for (String full : DISK_FULL_MESSAGES) {
        if (message.contains(full)) {
          return true;
        }
      }
    }
    return false;
  }

  /** After a write error H2 closes its store; every later call fails until it is reopened. */
  static boolean isStoreClosed(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_CLOSED) {
        return true;
      }
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (message.contains("This store is closed")
          || message.contains("database has been closed")) {
        return true;
      }
    }
    return false;
  }
}
