package io.campusedge.agent.internal.doctor;

/** One line of {@code campusedge-agent doctor}: what was checked, the verdict and the fix. */
public record Check(String check, Status status, String detail, String fix) {
  public enum Status {
    OK,
    WARN,
    FAIL
  }

  static Check ok(String check, String detail) {
    return new Check(check, Status.OK, detail, "");
  }

  static Check warn(String check, String detail, String fix) {
    return new Check(check, Status.WARN, detail, fix);
  }

  static Check fail(String check, String detail, String fix) {
    return new Check(check, Status.FAIL, detail, fix);
  }

  /** {@code FAIL I2C bus /dev/i2c-1: permission denied — add the service user ...}. */
  public String line() {
    String text = String.format("%-4s  %s: %s", status, check, detail);
    return fix.isEmpty() ? text : text + " — " + fix;
  }
}
