package io.campusedge.hub.internal.export;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Each student's daily attendance of a school day, as the hub summed it up. */
interface StudentDays {
  /**
   * @param status PRESENT, LATE, ABSENT, EXCUSED, PARTIAL or NOT_YET (no mark at all)
   */
  record StudentDay(String userId, Optional<String> learnerId, String status) {}

  List<StudentDay> on(String site, LocalDate date);
}
