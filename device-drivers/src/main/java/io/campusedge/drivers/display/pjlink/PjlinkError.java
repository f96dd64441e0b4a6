package io.campusedge.drivers.display.pjlink;

import java.util.Optional;

/**
 * The error replies of PJLink (JBMIA PJLink Class 1 v1.04 and Class 2 v2.00, response tables), with
 * what each means for the person looking at the hub.
 */
public enum PjlinkError {
  ERR1("undefined command (this projector does not support it)"),
  ERR2("out of parameter (value not accepted, e.g. no such input)"),
  ERR3("unavailable time (projector busy, e.g. warming up or cooling down)"),
  ERR4("projector/display failure"),
  ERRA("authentication failed (wrong or missing PJLink password)");

  private final String meaning;

  PjlinkError(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }

  /** {@code ERR3 unavailable time (...)}: the code a technician can look up, then the meaning. */
  public String describe() {
    return name() + " " + meaning;
  }

  public static Optional<PjlinkError> of(String code) {
    for (PjlinkError e : values()) {
      if (e.name().equals(code)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
