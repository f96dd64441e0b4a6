package io.campusedge.hub.internal.facilities;

import io.campusedge.hub.internal.attendance.CsvRows;
import io.campusedge.hub.internal.attendance.CsvRows.Row;
import io.campusedge.hub.internal.attendance.ImportProblem;
import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.security.SiteCodes;
import io.campusedge.hub.internal.store.Sql;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The schools themselves: school code (the sector's identifier, the site of everything else), name
 * and province, recorded by a sector administrator (one school or a CSV of many) or by a school's
 * administrator for their own school; listed with what the hub knows of each (rooms, buildings,
 * gateways online). A school that gateways or rooms name but nobody recorded is listed unnamed.
 */
@Singleton
public class SchoolSites {
  static final String FILE = "sites.csv";
  private static final List<String> COLUMNS = List.of("schoolCode", "name", "province");

  private final DataSource dataSource;
  private final AuditLog audit;

  public SchoolSites(DataSource dataSource, AuditLog audit) {
    this.dataSource = dataSource;
    this.audit = audit;
  }

  /** A school as the API shows it. */
  @Serdeable
  public record SiteView(
      String site,
      @Nullable String name,
      @Nullable String province,
      boolean recorded,
      int rooms,
      int buildings,
      int gateways,
      int gatewaysOnline) {}

  /** One school's record. */
  @Serdeable
  public record SiteRecord(@Nullable String name, @Nullable String province) {}

  public List<SiteView> list(Caller caller) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          Map<String, SiteView> sites = new TreeMap<>();
          Map<String, int[]> counts = new HashMap<>();
          count(connection, "SELECT site, COUNT(*) FROM room GROUP BY site", counts, 0);
          count(connection, "SELECT site, COUNT(*) FROM facility_room GROUP BY site", counts, 0);
          count(
              connection, "SELECT site, COUNT(*) FROM facility_building GROUP BY site", counts, 1);
          count(
              connection, "SELECT site, COUNT(*) FROM gateway_credential GROUP BY site", counts, 2);
          count(
              connection,
              "SELECT site, COUNT(*) FROM gateway_status WHERE online = TRUE GROUP BY site",
              counts,
              3);
          Map<String, String[]> recorded = recorded(connection);
          Set<String> codes = new java.util.TreeSet<>(counts.keySet());
          codes.addAll(recorded.keySet());
          for (String site : codes) {
            if (!caller.canSee(site)) {
              continue;
            }
            int[] c = counts.getOrDefault(site, new int[4]);
            String[] record = recorded.get(site);
            sites.put(
                site,
                new SiteView(
                    site,
                    record == null ? null : record[0],
                    record == null ? null : record[1],
                    record != null,
                    c[0],
                    c[1],
                    c[2],
                    c[3]));
          }
          return new ArrayList<>(sites.values());
        });
  }

  /** Records (or renames) one school: its sector administrators, or its own administrators. */
  public SiteView record(Caller caller, String site, SiteRecord record) {
    caller.requireSite(site);
    caller.require(caller.role().isAdmin(), "record a school's name and province");
    validCode(site);
    String name = text("name", record == null ? null : record.name(), 256, true);
    String province = text("province", record == null ? null : record.province(), 128, false);
    Sql.inTransaction(dataSource, connection -> upsert(connection, site, name, province));
    audit.record(
        caller.auditName(),
        "facilities.site",
        "site:" + site,
        List.of(site),
        province == null
            ? Map.<String, Object>of("name", name)
            : Map.<String, Object>of("name", name, "province", province));
    return list(caller).stream().filter(view -> view.site().equals(site)).findFirst().orElseThrow();
  }

  /**
   * Records every school of a CSV file ({@code schoolCode,name,province}); sector administrators
   * only; all or nothing, with line-numbered problems. Schools not in the file stay as they are.
   */
  public int importCsv(Caller caller, byte[] csv) {
    caller.require(caller.role() == Role.SECTOR_ADMIN, "import the list of schools");
    List<ImportProblem> problems = new ArrayList<>();
    List<Row> rows = CsvRows.read(FILE, csv, Set.of("schoolCode", "name"), problems).rows();
    Map<String, String[]> sites = new LinkedHashMap<>();
    Map<String, Long> lines = new HashMap<>();
    for (Row row : rows) {
      Optional<String> code = row.required("schoolCode", 64);
      Optional<String> name = row.required("name", 256);
      Optional<String> province = row.optional("province", 128);
      if (code.isEmpty() || name.isEmpty()) {
        continue;
      }
      try {
        validCode(code.get());
      } catch (RejectedException e) {
        row.problem(e.getMessage());
        continue;
      }
      Long first = lines.putIfAbsent(code.get(), row.line());
      if (first != null) {
        row.problem("school '" + code.get() + "' is already on line " + first);
        continue;
      }
      sites.put(code.get(), new String[] {name.get(), province.orElse(null)});
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingLong(ImportProblem::line));
      throw new RejectedException(
          RejectedException.Kind.INVALID,
          "the schools were not imported: " + problems.size() + " problem(s); nothing changed",
          problems);
    }
    Sql.inTransaction(
        dataSource,
        connection -> {
          for (Map.Entry<String, String[]> site : sites.entrySet()) {
            upsert(connection, site.getKey(), site.getValue()[0], site.getValue()[1]);
          }
          return null;
        });
    audit.record(
        caller.auditName(),
        "facilities.sites.import",
        "sites",
        List.copyOf(sites.keySet()),
        Map.<String, Object>of("schools", sites.size()));
    return sites.size();
  }

  /** The recorded schools the caller sees, in the import format. */
  public String csv(Caller caller) {
    StringWriter out = new StringWriter();
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new)).get();
    try (CSVPrinter printer = new CSVPrinter(out, format)) {
      for (SiteView site : list(caller)) {
        if (site.recorded()) {
          printer.printRecord(
              site.site(), site.name(), site.province() == null ? "" : site.province());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void validCode(String site) {
    try {
      SiteCodes.validated(List.of(site));
    } catch (IllegalArgumentException e) {
      throw RejectedException.invalid(e.getMessage());
    }
  }

  private static String text(String field, String value, int max, boolean required) {
    String stripped = value == null ? "" : value.strip();
    if (stripped.isEmpty()) {
      if (required) {
        throw RejectedException.invalid(field + " is required");
      }
      return null;
    }
    if (stripped.length() > max) {
      throw RejectedException.invalid(field + " is longer than " + max + " characters");
    }
    return stripped;
  }

  private static Object upsert(Connection connection, String site, String name, String province)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE facility_site SET name = ?, province = ? WHERE site = ?")) {
      update.setString(1, name);
      update.setString(2, province);
      update.setString(3, site);
      if (update.executeUpdate() > 0) {
        return null;
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO facility_site (site, name, province) VALUES (?, ?, ?)")) {
      insert.setString(1, site);
      insert.setString(2, name);
      insert.setString(3, province);
      insert.executeUpdate();
    }
    return null;
  }

  private static Map<String, String[]> recorded(Connection connection) throws SQLException {
    Map<String, String[]> sites = new HashMap<>();
    try (PreparedStatement select =
            connection.prepareStatement("SELECT site, name, province FROM facility_site");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        sites.put(rows.getString(1), new String[] {rows.getString(2), rows.getString(3)});
      }
    }
    return sites;
  }

  private static void count(Connection connection, String sql, Map<String, int[]> counts, int at)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        int[] c = counts.computeIfAbsent(rows.getString(1), s -> new int[4]);
        // Rooms: the larger of what gateways reported and what the school recorded.
        c[at] = Math.max(c[at], rows.getInt(2));
      }
    }
  }
}
