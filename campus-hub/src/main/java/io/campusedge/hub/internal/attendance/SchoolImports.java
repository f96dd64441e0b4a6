package io.campusedge.hub.internal.attendance;

import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.security.Caller;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Roster (OneRoster 1.2 CSV set in a ZIP) and timetable (CSV) imports by a school's administrators:
 * all or nothing, every problem reported with its file and line, the import audited.
 */
@Singleton
public class SchoolImports {
  private static final Logger LOG = LoggerFactory.getLogger(SchoolImports.class);
  private static final int MAX_FILES = 64;
  private static final long MAX_UNZIPPED = 64L * 1024 * 1024;

  /** What a roster import stored. */
  @Serdeable
  public record RosterSummary(
      String site,
      int classes,
      int students,
      int teachers,
      int otherPeople,
      int enrollments,
      int terms,
      int skippedOtherSchools,
      List<String> ignoredFiles) {}

  /** What a timetable import stored. */
  @Serdeable
  public record TimetableSummary(String site, int entries, int rooms, int classes) {}

  private final RosterStore store;
  private final AuditLog audit;

  public SchoolImports(RosterStore store, AuditLog audit) {
    this.store = store;
    this.audit = audit;
  }

  public RosterSummary importRoster(Caller caller, String site, byte[] zip) {
    caller.requireSite(site);
    caller.require(caller.role().isAdmin(), "import rosters");
    Map<String, byte[]> files = unzip(zip);
    OneRosterCsv.Result result = OneRosterCsv.read(site, files);
    Roster roster = result.roster();
    store.replaceRoster(roster);
    Map<String, Long> byRole =
        roster.people().stream()
            .collect(Collectors.groupingBy(Roster.Person::role, Collectors.counting()));
    int students = byRole.getOrDefault("student", 0L).intValue();
    int teachers = byRole.getOrDefault("teacher", 0L).intValue();
    RosterSummary summary =
        new RosterSummary(
            site,
            roster.classes().size(),
            students,
            teachers,
            roster.people().size() - students - teachers,
            roster.enrollments().size(),
            roster.terms().size(),
            result.skippedOtherSchools(),
            result.ignoredFiles());
    audit.record(
        caller.auditName(),
        "roster.import",
        "site:" + site,
        List.of(site),
        Map.of(
            "classes",
            summary.classes(),
            "students",
            students,
            "teachers",
            teachers,
            "enrollments",
            summary.enrollments()));
    LOG.info(
        "Roster of {} imported by {}: {} classes, {} students, {} teachers, {} enrollments",
        site,
        caller.auditName(),
        summary.classes(),
        students,
        teachers,
        summary.enrollments());
    return summary;
  }

  public TimetableSummary importTimetable(Caller caller, String site, byte[] csv) {
    caller.requireSite(site);
    caller.require(caller.role().isAdmin(), "import timetables");
    Set<String> classes =
        store.classes(site).stream().map(Roster.SchoolClass::sourcedId).collect(Collectors.toSet());
    if (classes.isEmpty()) {
      throw RejectedException.conflict(
          "import the roster of " + site + " first: the timetable names its classes");
    }
    Map<String, TimetableEntry> previous =
        store.timetable(site).stream()
            .collect(Collectors.toMap(TimetableEntry::entryId, Function.identity()));
    List<TimetableEntry> entries =
        TimetableCsv.read(
            csv, classes, store.terms(site), store.knownRooms(site), previous, Instant.now());
    store.replaceTimetable(site, entries);
    Set<String> rooms = new TreeSet<>();
    Set<String> taught = new TreeSet<>();
    entries.forEach(
        entry -> {
          rooms.add(entry.roomId());
          taught.add(entry.classId());
        });
    audit.record(
        caller.auditName(),
        "timetable.import",
        "site:" + site,
        List.of(site),
        Map.of("entries", entries.size()));
    return new TimetableSummary(site, entries.size(), rooms.size(), taught.size());
  }

  /** The CSV files of a ZIP by base name; refuses archives that are not ZIPs or unpack too big. */
  static Map<String, byte[]> unzip(byte[] zip) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    long total = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry entry;
      byte[] buffer = new byte[8192];
      while ((entry = in.getNextEntry()) != null) {
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
        if (name.startsWith(".") || name.isEmpty()) {
          continue;
        }
        if (files.size() >= MAX_FILES) {
          throw RejectedException.invalid("the ZIP holds more than " + MAX_FILES + " files");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int read;
        while ((read = in.read(buffer)) > 0) {
          total += read;
          if (total > MAX_UNZIPPED) {
            throw RejectedException.invalid(
                "the ZIP unpacks to more than " + MAX_UNZIPPED / (1024 * 1024) + " MiB");
          }
          out.write(buffer, 0, read);
        }
        if (files.put(name, out.toByteArray()) != null) {
          throw RejectedException.invalid("the ZIP holds " + name + " twice");
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw RejectedException.invalid("the upload is not a readable ZIP file: " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw RejectedException.invalid(
          "the upload is not a ZIP of OneRoster CSV files (no files found in it)");
    }
    return files;
  }
}
