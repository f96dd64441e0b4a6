package io.campusedge.drivers.api;

/** How a device action ended, and why, in words for the person who asked for it. */
public record ActionResult(Status status, String message) {

  public enum Status {
    /** The device accepted and confirmed the action. */
    DONE,
    /** The request itself is wrong: unknown action, missing or invalid argument. Do not retry. */
    REJECTED,
    /** The device refused it now (busy warming up, no such input fitted); may work later. */
    REFUSED,
    /** The device could not be reached or did not answer; the action may not have happened. */
    UNREACHABLE
  }

  public ActionResult {
    if (status == null || message == null) {
      throw new IllegalArgumentException("an action result needs a status and a message");
    }
  }

  public static ActionResult done(String message) {
    return new ActionResult(Status.DONE, message);
  }

  public static ActionResult rejected(String message) {
    return new ActionResult(Status.REJECTED, message);
  }

  public static ActionResult refused(String message) {
    return new ActionResult(Status.REFUSED, message);
  }

  public static ActionResult unreachable(String message) {
    return new ActionResult(Status.UNREACHABLE, message);
  }

  public boolean done() {
    return status == Status.DONE;
  }
}
