package io.campusedge.simulators.demo;

import io.campusedge.simulators.devices.attendance.VirtualCard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The demo school's roster as a OneRoster 1.2 bulk CSV set (what a school-management system
 * exports), its timetable and the list of its pupils' card UIDs, made from the demo classrooms: one
 * class per room with as many pupils as the room has student cards, names drawn from a seed, a
 * morning and an afternoon session Monday to Saturday (the hours the classroom model fills the
 * room). Everything is invented; the learner ids are not real.
 */
final class DemoRoster {
  private static final String[] FAMILY = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý"
  };
  private static final String[] GIVEN = {
    "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Huy", "Khánh", "Lan",
    "Linh", "Long", "Mai", "Minh", "Nam", "Ngọc", "Phúc", "Quân", "Sơn", "Thảo", "Trang", "Tuấn",
        "Vy"
  };
  private static final String[][] TEACHERS = {
    {"co.lan", "Lan", "Hoàng"}, {"thay.minh", "Minh", "Trần"}, {"co.hoa", "Hoa", "Phạm"}
  };

  /** A class of the demo: its id, title, room and its pupils' cards (one per pupil). */
  record DemoClass(String id, String title, String roomId, List<VirtualCard> cards) {}

  private final String site;
  private final List<DemoClass> classes;
  private final java.util.function.Supplier<List<DemoTimetable.Lesson>> lessons;

  /** With the morning and afternoon sessions Monday to Saturday. */
  DemoRoster(String site, List<DemoClass> classes) {
    this(site, classes, DemoTimetable.weekly(standardWeek()));
  }

  DemoRoster(String site, List<DemoClass> classes, List<DemoTimetable.Lesson> lessons) {
    this(site, classes, () -> lessons);
  }

  /** With the lessons worked out when the timetable is written (after the clock has started). */
  DemoRoster(
      String site,
      List<DemoClass> classes,
      java.util.function.Supplier<List<DemoTimetable.Lesson>> lessons) {
    this.site = site;
    this.classes = List.copyOf(classes);
    this.lessons = lessons;
  }

  private static io.campusedge.simulators.classroom.SchoolScenario.Timetable standardWeek() {
    java.util.Set<java.time.DayOfWeek> days = java.util.EnumSet.allOf(java.time.DayOfWeek.class);
    days.remove(java.time.DayOfWeek.SUNDAY);
    return new io.campusedge.simulators.classroom.SchoolScenario.Timetable(
        days,
        List.of(
            new io.campusedge.simulators.classroom.SchoolScenario.Session(
                java.time.LocalTime.of(7, 0), java.time.LocalTime.of(11, 25)),
            new io.campusedge.simulators.classroom.SchoolScenario.Session(
                java.time.LocalTime.of(13, 30), java.time.LocalTime.of(17, 0))),
        java.time.Duration.ofMinutes(50),
        java.time.Duration.ofMinutes(5));
  }

  /** The OneRoster 1.2 bulk set as a ZIP. */
  byte[] oneRosterZip() {
    Map<String, StringBuilder> files = new LinkedHashMap<>();
    files.put(
        "manifest.csv",
        new StringBuilder(
            "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.orgs,bulk\n"
                + "file.users,bulk\nfile.enrollments,bulk\n"));
    files.put(
        "orgs.csv",
        new StringBuilder(
            "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
                + "org-"
                + site
                + ",,,Trường THPT Demo,school,"
                + site
                + ",\n"));
    files.put(
        "academicSessions.csv",
        new StringBuilder(
            "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n"
                + "ny-2026,,,Năm học 2026-2027,schoolYear,2026-08-01,2027-07-31,,2027\n"));
    StringBuilder courses =
        new StringBuilder(
            "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId\n");
    StringBuilder classRows =
        new StringBuilder(
            "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds\n");
    StringBuilder users =
        new StringBuilder(
            "sourcedId,status,dateLastModified,enabledUser,username,givenName,familyName,identifier\n");
    StringBuilder roles =
        new StringBuilder(
            "sourcedId,status,dateLastModified,userSourcedId,roleType,role,orgSourcedId\n");
    StringBuilder enrollments =
        new StringBuilder(
            "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary\n");
    String org = "org-" + site;
    Random random = new Random(2026);
    int learner = 1;
    for (int c = 0; c < classes.size(); c++) {
      DemoClass schoolClass = classes.get(c);
      String grade = schoolClass.id().substring(0, 2);
      courses.append(
          "course-%s,,,ny-2026,%s,%s,%s,%s\n"
              .formatted(schoolClass.id(), schoolClass.title(), schoolClass.id(), grade, org));
      classRows.append(
          "%s,,,%s,%s,course-%s,%s,homeroom,%s,%s,ny-2026\n"
              .formatted(
                  schoolClass.id(),
                  schoolClass.title(),
                  grade,
                  schoolClass.id(),
                  schoolClass.id(),
                  schoolClass.roomId(),
                  org));
      String[] teacher = TEACHERS[c % TEACHERS.length];
      String teacherId = "gv-" + teacher[0].replace('.', '-');
      if (c < TEACHERS.length) {
        users.append(
            "%s,,,true,%s,%s,%s,\n".formatted(teacherId, teacher[0], teacher[1], teacher[2]));
        roles.append("r-%s,,,%s,primary,teacher,%s\n".formatted(teacherId, teacherId, org));
      }
      enrollments.append(
          "e-%s-%s,,,%s,%s,%s,teacher,true\n"
              .formatted(schoolClass.id(), teacherId, schoolClass.id(), org, teacherId));
      for (int p = 0; p < schoolClass.cards().size(); p++) {
        String id = studentId(schoolClass, p);
        String given = GIVEN[random.nextInt(GIVEN.length)];
        String family = FAMILY[random.nextInt(FAMILY.length)];
        users.append(
            "%s,,,true,%s,%s,%s,%012d\n"
                .formatted(
                    id, id.toLowerCase(Locale.ROOT), given, family, 79_209_000_000L + learner++));
        roles.append("r-%s,,,%s,primary,student,%s\n".formatted(id, id, org));
        enrollments.append(
            "e-%s,,,%s,%s,%s,student,false\n".formatted(id, schoolClass.id(), org, id));
      }
    }
    files.put("courses.csv", courses);
    files.put("classes.csv", classRows);
    files.put("users.csv", users);
    files.put("roles.csv", roles);
    files.put("enrollments.csv", enrollments);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, StringBuilder> file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue().toString().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Every lesson of the timetable for each class in its room. */
  String timetableCsv() {
    StringBuilder csv =
        new StringBuilder("classSourcedId,room,weekday,startTime,endTime,entryId\n");
    for (DemoClass schoolClass : classes) {
      for (DemoTimetable.Lesson lesson : lessons.get()) {
        csv.append(
            "%s,%s,%d,%s,%s,%s-%s\n"
                .formatted(
                    schoolClass.id(),
                    schoolClass.roomId(),
                    lesson.weekday(),
                    lesson.start(),
                    lesson.end(),
                    schoolClass.id(),
                    lesson.suffix()));
      }
    }
    return csv.toString();
  }

  /** The pupils' card UIDs, as a card supplier would list them. */
  String cardsCsv() {
    StringBuilder csv = new StringBuilder("userSourcedId,uid\n");
    for (DemoClass schoolClass : classes) {
      List<VirtualCard> cards = schoolClass.cards();
      for (int p = 0; p < cards.size(); p++) {
        csv.append(studentId(schoolClass, p))
            .append(',')
            .append(HexFormat.of().formatHex(cards.get(p).uid()))
            .append('\n');
      }
    }
    return csv.toString();
  }

  int pupils() {
    int count = 0;
    for (DemoClass schoolClass : classes) {
      count += schoolClass.cards().size();
    }
    return count;
  }

  static List<DemoClass> classesOf(
      List<DemoSchool.Classroom> rooms, List<List<VirtualCard>> cards) {
    List<DemoClass> classes = new ArrayList<>();
    for (int i = 0; i < rooms.size(); i++) {
      DemoSchool.Classroom room = rooms.get(i);
      classes.add(new DemoClass(room.classId(), room.classTitle(), room.roomId(), cards.get(i)));
    }
    return classes;
  }

  private static String studentId(DemoClass schoolClass, int index) {
    return "hs-%s-%02d".formatted(schoolClass.id().toLowerCase(Locale.ROOT), index + 1);
  }
}
