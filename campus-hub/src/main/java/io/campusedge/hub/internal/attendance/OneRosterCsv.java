package io.campusedge.hub.internal.attendance;

import io.campusedge.hub.internal.attendance.CsvRows.Row;
import io.campusedge.hub.internal.attendance.Roster.Membership;
import io.campusedge.hub.internal.attendance.Roster.Org;
import io.campusedge.hub.internal.attendance.Roster.Person;
import io.campusedge.hub.internal.attendance.Roster.SchoolClass;
import io.campusedge.hub.internal.attendance.Roster.Term;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a OneRoster 1.2 bulk CSV file set (1EdTech OneRoster v1.2 CSV binding: manifest.csv,
 * orgs.csv, academicSessions.csv, courses.csv, classes.csv, users.csv, roles.csv, enrollments.csv)
 * into the part of it one school needs. Columns are found by header name, so extra columns and
 * OneRoster 1.1 sets (role and orgSourcedIds in users.csv) read too.
 *
 * <p>The school is the org of type {@code school} whose {@code identifier} is the hub's school
 * code. Classes and enrollments of other schools in a district-wide set are skipped; of users, only
 * those of the school or enrolled in its classes are kept, and of them only ids, names, role and
 * {@code identifier} (the national learner id, mã định danh). Every problem in every file is
 * reported with its line; any problem rejects the whole set.
 */
final class OneRosterCsv {
  static final List<String> ORG_TYPES =
      List.of("department", "school", "district", "local", "state", "national");
  static final List<String> SESSION_TYPES =
      List.of("gradingPeriod", "semester", "schoolYear", "term");
  static final List<String> ROLES =
      List.of(
          "administrator",
          "aide",
          "guardian",
          "parent",
          "proctor",
          "relative",
          "student",
          "teacher",
          "districtAdministrator",
          "principal",
          "siteAdministrator",
          "systemAdministrator");
  private static final List<String> STATUSES = List.of("active", "tobedeleted");
  private static final Set<String> READ =
      Set.of(
          "manifest.csv",
          "orgs.csv",
          "academicSessions.csv",
          "courses.csv",
          "classes.csv",
          "users.csv",
          "roles.csv",
          "enrollments.csv");
  private static final List<String> REQUIRED =
      List.of("orgs.csv", "classes.csv", "users.csv", "enrollments.csv");

  /** The roster, and the files of the set that were not read (e.g. demographics.csv). */
  record Result(Roster roster, List<String> ignoredFiles, int skippedOtherSchools) {}

  private final String site;
  private final List<ImportProblem> problems = new ArrayList<>();
  // Files that could not be read at all: checking references into them would only add noise.
  private final Set<String> unreadable = new TreeSet<>();
  private int skipped;

  private OneRosterCsv(String site) {
    this.site = site;
  }

  static Result read(String site, Map<String, byte[]> files) {
    return new OneRosterCsv(site).readAll(files);
  }

  private Result readAll(Map<String, byte[]> files) {
    List<String> ignored = new ArrayList<>(new TreeSet<>(files.keySet()));
    ignored.removeAll(READ);
    for (String required : REQUIRED) {
      if (!files.containsKey(required)) {
        problems.add(new ImportProblem(required, 0, "is missing from the file set"));
      }
    }
    if (files.containsKey("manifest.csv")) {
      checkManifest(files.get("manifest.csv"));
    }
    if (!problems.isEmpty()) {
      throw rejected();
    }
    Map<String, Org> orgs = orgs(files.get("orgs.csv"));
    stopIfUnreadable();
    Optional<Org> school =
        orgs.values().stream()
            .filter(org -> org.type().equals("school"))
            .filter(org -> org.identifier().map(site::equals).orElse(false))
            .findFirst();
    if (school.isEmpty()) {
      problems.add(
          new ImportProblem(
              "orgs.csv",
              0,
              "has no org of type school with identifier '"
                  + site
                  + "' (the school code at the hub)"));
      throw rejected();
    }
    String schoolId = school.get().sourcedId();
    Map<String, Term> terms =
        files.containsKey("academicSessions.csv")
            ? terms(files.get("academicSessions.csv"))
            : Map.of();
    Map<String, String> courseTitles =
        files.containsKey("courses.csv") ? courses(files.get("courses.csv")) : null;
    Set<String> allClasses = new HashSet<>();
    Map<String, SchoolClass> classes =
        classes(files.get("classes.csv"), schoolId, orgs, terms, courseTitles, allClasses);
    Map<String, String> rolesFile =
        files.containsKey("roles.csv") ? primaryRoles(files.get("roles.csv"), schoolId) : null;
    Set<String> schoolMembers = new HashSet<>();
    Map<String, Person> people = users(files.get("users.csv"), rolesFile, schoolId, schoolMembers);
    stopIfUnreadable();
    if (rolesFile != null) {
      for (String userId : rolesFile.keySet()) {
        if (!people.containsKey(userId)) {
          problems.add(
              new ImportProblem("roles.csv", 0, "names user '" + userId + "' not in users.csv"));
        }
      }
    }
    List<Membership> enrollments =
        enrollments(files.get("enrollments.csv"), classes, allClasses, people);
    if (!problems.isEmpty()) {
      throw rejected();
    }
    Set<String> kept = new HashSet<>(schoolMembers);
    enrollments.forEach(membership -> kept.add(membership.userId()));
    List<Person> keptPeople =
        people.values().stream().filter(person -> kept.contains(person.sourcedId())).toList();
    Roster roster =
        new Roster(
            site,
            List.copyOf(orgs.values()),
            List.copyOf(terms.values()),
            List.copyOf(classes.values()),
            keptPeople,
            enrollments);
    return new Result(roster, ignored, skipped);
  }

  private void stopIfUnreadable() {
    if (!unreadable.isEmpty()) {
      throw rejected();
    }
  }

  private RejectedException rejected() {
    return new RejectedException(
        RejectedException.Kind.INVALID,
        "the roster was not imported: "
            + problems.size()
            + " problem(s) in the files; nothing was changed",
        problems);
  }

  private void checkManifest(byte[] bytes) {
    CsvRows manifest =
        CsvRows.read("manifest.csv", bytes, Set.of("propertyName", "value"), problems);
    for (Row row : manifest.rows()) {
      String name = row.optional("propertyName").orElse("");
      String value = row.optional("value").orElse("");
      if (name.equals("oneroster.version") && !value.equals("1.2") && !value.equals("1.1")) {
        row.problem("oneroster.version " + value + " is not supported (1.2 or 1.1)");
      }
      if (name.startsWith("file.") && value.equalsIgnoreCase("delta")) {
        row.problem(
            name
                + " is a delta file; the hub imports whole (bulk) sets: export a bulk set from"
                + " the school-management system");
      }
    }
  }

  /** True for rows to take; {@code tobedeleted} rows are skipped, other statuses are problems. */
  private static boolean active(Row row) {
    return row.oneOf("status", STATUSES, false).map("active"::equals).orElse(true);
  }

  private <T> void putUnique(
      Map<String, T> map, Map<String, Long> lines, Row row, String id, T value) {
    Long first = lines.putIfAbsent(id, row.line());
    if (first != null) {
      row.problem("sourcedId '" + id + "' is already on line " + first);
      return;
    }
    map.put(id, value);
  }

  private Map<String, Org> orgs(byte[] bytes) {
    Map<String, Org> orgs = new LinkedHashMap<>();
    Map<String, Long> lines = new HashMap<>();
    for (Row row : rows("orgs.csv", bytes, "sourcedId", "name", "type")) {
      if (!active(row)) {
        continue;
      }
      Optional<String> id = row.required("sourcedId");
      Optional<String> name = row.required("name");
      Optional<String> type = row.oneOf("type", ORG_TYPES, true);
      if (id.isPresent() && name.isPresent() && type.isPresent()) {
        putUnique(
            orgs,
            lines,
            row,
            id.get(),
            new Org(id.get(), name.get(), type.get(), row.optional("identifier")));
      }
    }
    return orgs;
  }

  private Map<String, Term> terms(byte[] bytes) {
    Map<String, Term> terms = new LinkedHashMap<>();
    Map<String, Long> lines = new HashMap<>();
    for (Row row :
        rows("academicSessions.csv", bytes, "sourcedId", "title", "type", "startDate", "endDate")) {
      if (!active(row)) {
        continue;
      }
      Optional<String> id = row.required("sourcedId");
      Optional<String> title = row.required("title");
      Optional<String> type = row.oneOf("type", SESSION_TYPES, true);
      Optional<LocalDate> start = row.date("startDate", true);
      Optional<LocalDate> end = row.date("endDate", true);
      if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
        row.problem("endDate " + end.get() + " is before startDate " + start.get());
        continue;
      }
      if (id.isPresent()
          && title.isPresent()
          && type.isPresent()
          && start.isPresent()
          && end.isPresent()) {
        putUnique(
            terms,
            lines,
            row,
            id.get(),
            new Term(id.get(), title.get(), type.get(), start.get(), end.get()));
      }
    }
    return terms;
  }

  private Map<String, String> courses(byte[] bytes) {
    Map<String, String> titles = new LinkedHashMap<>();
    Map<String, Long> lines = new HashMap<>();
    for (Row row : rows("courses.csv", bytes, "sourcedId", "title")) {
      if (!active(row)) {
        continue;
      }
      Optional<String> id = row.required("sourcedId");
      Optional<String> title = row.required("title");
      if (id.isPresent() && title.isPresent()) {
        putUnique(titles, lines, row, id.get(), title.get());
      }
    }
    return titles;
  }

  private Map<String, SchoolClass> classes(
      byte[] bytes,
      String schoolId,
      Map<String, Org> orgs,
      Map<String, Term> terms,
      Map<String, String> courseTitles,
      Set<String> allClasses) {
    Map<String, SchoolClass> classes = new LinkedHashMap<>();
    Map<String, Long> lines = new HashMap<>();
    for (Row row :
        rows("classes.csv", bytes, "sourcedId", "title", "courseSourcedId", "schoolSourcedId")) {
      if (!active(row)) {
        continue;
      }
      Optional<String> id = row.required("sourcedId");
      Optional<String> title = row.required("title");
      Optional<String> course = row.required("courseSourcedId");
      Optional<String> school = row.required("schoolSourcedId");
      if (id.isEmpty() || title.isEmpty() || course.isEmpty() || school.isEmpty()) {
        continue;
      }
      allClasses.add(id.get());
      if (!orgs.containsKey(school.get())) {
        row.problem("schoolSourcedId '" + school.get() + "' is not in orgs.csv");
        continue;
      }
      if (courseTitles != null && !courseTitles.containsKey(course.get())) {
        row.problem("courseSourcedId '" + course.get() + "' is not in courses.csv");
        continue;
      }
      for (String term : row.optional("termSourcedIds").map(OneRosterCsv::list).orElse(List.of())) {
        if (!terms.containsKey(term)) {
          row.problem("termSourcedIds names '" + term + "', not in academicSessions.csv");
        }
      }
      if (!school.get().equals(schoolId)) {
        skipped++;
        continue;
      }
      putUnique(
          classes,
          lines,
          row,
          id.get(),
          new SchoolClass(
              id.get(),
              title.get(),
              row.optional("classCode"),
              Optional.ofNullable(courseTitles == null ? null : courseTitles.get(course.get()))));
    }
    return classes;
  }

  /** roles.csv (OneRoster 1.2): each user's primary role, and who belongs to the school. */
  private Map<String, String> primaryRoles(byte[] bytes, String schoolId) {
    Map<String, String> roles = new HashMap<>();
    for (Row row : rows("roles.csv", bytes, "userSourcedId", "roleType", "role", "orgSourcedId")) {
      if (!active(row)) {
        continue;
      }
      Optional<String> user = row.required("userSourcedId");
      Optional<String> roleType = row.oneOf("roleType", List.of("primary", "secondary"), true);
      Optional<String> role = row.oneOf("role", ROLES, true);
      Optional<String> org = row.required("orgSourcedId");
      if (user.isEmpty() || roleType.isEmpty() || role.isEmpty() || org.isEmpty()) {
        continue;
      }
      if (roleType.get().equals("primary") || !roles.containsKey(user.get())) {
        roles.put(user.get(), role.get() + (org.get().equals(schoolId) ? "@school" : ""));
      }
    }
    return roles;
  }

  private Map<String, Person> users(
      byte[] bytes, Map<String, String> rolesFile, String schoolId, Set<String> schoolMembers) {
    Map<String, Person> people = new LinkedHashMap<>();
    Map<String, Long> lines = new HashMap<>();
    for (Row row : rows("users.csv", bytes, "sourcedId", "givenName", "familyName")) {
      if (!active(row)) {
        continue;
      }
      Optional<String> id = row.required("sourcedId");
      Optional<String> given = row.required("givenName");
      Optional<String> family = row.required("familyName");
      boolean enabled =
          row.oneOf("enabledUser", List.of("true", "false"), false)
              .map("true"::equals)
              .orElse(true);
      Optional<String> learnerId = row.optional("identifier");
      if (learnerId.isPresent() && !learnerId.get().matches("[\\p{Alnum}\\-_.]{1,64}")) {
        row.problem(
            "identifier '" + learnerId.get() + "' is not an id (letters and digits, at most 64)");
        continue;
      }
      String role;
      boolean ofSchool;
      if (rolesFile != null && id.isPresent() && rolesFile.containsKey(id.get())) {
        String entry = rolesFile.get(id.get());
        ofSchool = entry.endsWith("@school");
        role = ofSchool ? entry.substring(0, entry.length() - "@school".length()) : entry;
      } else if (rolesFile == null) {
        Optional<String> fromUsers = row.oneOf("role", ROLES, true);
        if (fromUsers.isEmpty()) {
          continue;
        }
        role = fromUsers.get();
        ofSchool =
            row.optional("orgSourcedIds")
                .map(OneRosterCsv::list)
                .orElse(List.of())
                .contains(schoolId);
      } else {
        row.problem("user has no row in roles.csv");
        continue;
      }
      if (id.isPresent() && given.isPresent() && family.isPresent()) {
        putUnique(
            people,
            lines,
            row,
            id.get(),
            new Person(
                id.get(),
                row.optional("username"),
                given.get(),
                family.get(),
                learnerId,
                role,
                enabled));
        if (ofSchool) {
          schoolMembers.add(id.get());
        }
      }
    }
    return people;
  }

  private List<Membership> enrollments(
      byte[] bytes,
      Map<String, SchoolClass> classes,
      Set<String> allClasses,
      Map<String, Person> people) {
    List<Membership> enrollments = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    for (Row row : rows("enrollments.csv", bytes, "classSourcedId", "userSourcedId", "role")) {
      if (!active(row)) {
        continue;
      }
      Optional<String> classId = row.required("classSourcedId");
      Optional<String> userId = row.required("userSourcedId");
      Optional<String> role = row.oneOf("role", ROLES, true);
      Optional<LocalDate> begin = row.date("beginDate", false);
      Optional<LocalDate> end = row.date("endDate", false);
      if (classId.isEmpty() || userId.isEmpty() || role.isEmpty()) {
        continue;
      }
      if (!allClasses.contains(classId.get())) {
        row.problem("classSourcedId '" + classId.get() + "' is not in classes.csv");
        continue;
      }
      if (!people.containsKey(userId.get())) {
        row.problem("userSourcedId '" + userId.get() + "' is not in users.csv");
        continue;
      }
      if (begin.isPresent() && end.isPresent() && end.get().isBefore(begin.get())) {
        row.problem("endDate " + end.get() + " is before beginDate " + begin.get());
        continue;
      }
      if (!classes.containsKey(classId.get())) {
        skipped++;
        continue;
      }
      Long first = seen.putIfAbsent(classId.get() + "\n" + userId.get(), row.line());
      if (first != null) {
        row.problem(
            "user '"
                + userId.get()
                + "' is already enrolled in class '"
                + classId.get()
                + "' on line "
                + first);
        continue;
      }
      enrollments.add(new Membership(classId.get(), userId.get(), role.get(), begin, end));
    }
    return enrollments;
  }

  private List<Row> rows(String file, byte[] bytes, String... required) {
    int before = problems.size();
    List<Row> rows = CsvRows.read(file, bytes, Set.of(required), problems).rows();
    if (problems.subList(before, problems.size()).stream().anyMatch(p -> p.line() <= 1)) {
      unreadable.add(file);
    }
    return rows;
  }

  /** A OneRoster list field: comma-separated values in one cell. */
  static List<String> list(String cell) {
    List<String> values = new ArrayList<>();
    for (String part : cell.split(",")) {
      if (!part.isBlank()) {
        values.add(part.strip());
      }
    }
    return values;
  }
}
