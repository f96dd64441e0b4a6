package io.campusedge.agent.internal.doctor;

import io.campusedge.agent.internal.outbox.Lane;
import io.campusedge.agent.internal.outbox.OutboxSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Outbox numbers in words, shared by {@code doctor} and {@code outbox stats}. */
public final class OutboxText {
  private OutboxText() {}

  /** {@code 12 records waiting (attendance 1, events 0, telemetry 11), oldest 5 min, ...}. */
  public static String summary(OutboxSnapshot s, long nowMs) {
    List<String> lanes = new ArrayList<>();
    for (Lane lane : Lane.values()) {
      lanes.add(lane.column() + " " + s.lane(lane).pendingRecords());
    }
    String text = s.pendingRecords() + " record(s) waiting (" + String.join(", ", lanes) + ")";
    if (s.oldestCreatedMs().isPresent()) {
      text += ", oldest " + age(nowMs - s.oldestCreatedMs().get());
    }
    return text + ", " + s.corruptFilesKept() + " damaged file(s) kept";
  }

  /** {@code 42 s}, {@code 7 min}, {@code 3 h}, {@code 2 d}. */
  public static String age(long ms) {
    Duration d = Duration.ofMillis(Math.max(0, ms));
    if (d.toDays() > 0) {
      return d.toDays() + " d";
    }
    if (d.toHours() > 0) {
      return d.toHours() + " h";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + " min";
    }
    return d.toSeconds() + " s";
  }
}
