package io.campusedge.hub.internal.history;

/** A history request the hub refuses, naming the parameter at fault and the value it got. */
public class InvalidQueryException extends RuntimeException {
  private final String field;
  private final String value;

  public InvalidQueryException(String field, String value, String message) {
    super(message);
    this.field = field;
    this.value = value;
  }

  public String field() {
    return field;
  }

  /** The offending value as received; may be null when the parameter was missing. */
  public String value() {
    return value;
  }
}
