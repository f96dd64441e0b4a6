package io.campusedge.hub.internal.attendance;

import java.util.List;

/**
 * A request the school's data refuses: invalid input (with line-numbered problems for files), an
 * unknown id, or a conflict with what is stored. Nothing of the request was applied.
 */
public class RejectedException extends RuntimeException {
  /** How the API answers it. */
  public enum Kind {
    INVALID,
    NOT_FOUND,
    CONFLICT
  }

  private final Kind kind;
  private final List<ImportProblem> problems;

  public RejectedException(Kind kind, String message) {
    this(kind, message, List.of());
  }

  public RejectedException(Kind kind, String message, List<ImportProblem> problems) {
    super(message);
    this.kind = kind;
    this.problems = List.copyOf(problems);
  }

  public static RejectedException invalid(String message) {
    return new RejectedException(Kind.INVALID, message);
  }

  public static RejectedException notFound(String message) {
    return new RejectedException(Kind.NOT_FOUND, message);
  }

  public static RejectedException conflict(String message) {
    return new RejectedException(Kind.CONFLICT, message);
  }

  public Kind kind() {
    return kind;
  }

  public List<ImportProblem> problems() {
    return problems;
  }
}
