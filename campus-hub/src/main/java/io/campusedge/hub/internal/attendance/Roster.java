package io.campusedge.hub.internal.attendance;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** A school's roster as imported: what the hub keeps of a OneRoster file set. */
record Roster(
    String site,
    List<Org> orgs,
    List<Term> terms,
    List<SchoolClass> classes,
    List<Person> people,
    List<Membership> enrollments) {

  record Org(String sourcedId, String name, String type, Optional<String> identifier) {}

  record Term(String sourcedId, String title, String type, LocalDate start, LocalDate end) {}

  record SchoolClass(
      String sourcedId, String title, Optional<String> classCode, Optional<String> courseTitle) {}

  /** Names, role and the national learner id; nothing else of a OneRoster user is kept. */
  record Person(
      String sourcedId,
      Optional<String> username,
      String givenName,
      String familyName,
      Optional<String> learnerId,
      String role,
      boolean enabled) {}

  record Membership(
      String classId,
      String userId,
      String role,
      Optional<LocalDate> begin,
      Optional<LocalDate> end) {

    boolean activeOn(LocalDate day) {
      return begin.map(b -> !day.isBefore(b)).orElse(true)
          && end.map(e -> !day.isAfter(e)).orElse(true);
    }
  }
}
