package io.campusedge.hub.internal.attendance;

import io.micronaut.serde.annotation.Serdeable;

/** One thing wrong in an imported file: the file, its line (1 = header; 0 = whole file) and why. */
@Serdeable
public record ImportProblem(String file, long line, String message) {
  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
