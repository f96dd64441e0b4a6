package io.campusedge.simulators.chaos;

/**
 * A scenario needs something this machine does not allow (e.g. mounting a small file system needs
 * root); the message says what and why.
 */
public final class ChaosPrerequisiteException extends Exception {
  public ChaosPrerequisiteException(String message) {
    super(message);
  }
}
