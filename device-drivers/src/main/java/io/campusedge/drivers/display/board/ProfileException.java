package io.campusedge.drivers.display.board;

/** A command profile that cannot work; the message names the profile, the key and the fix. */
public final class ProfileException extends Exception {
  public ProfileException(String message) {
    super(message);
  }
}
