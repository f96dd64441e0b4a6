package io.campusedge.hub.internal.audit;

import io.campusedge.hub.internal.store.Sql;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The {@code audit_event} table: every change to users, tokens and (later) configuration, and
 * lock-outs. Callers pass details without secrets; this class never sees a password or token.
 */
@Singleton
public class AuditLog {
  private final DataSource dataSource;
  private final JsonMapper json;

  public AuditLog(DataSource dataSource, JsonMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  public void record(
      String actor,
      String action,
      String target,
      Collection<String> sites,
      Map<String, Object> details) {
    String detailsJson = toJson(details);
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO audit_event (at, actor, action, target, sites, details)"
                      + " VALUES (?,?,?,?,?,?)")) {
            insert.setObject(1, Sql.utc(Instant.now()));
            insert.setString(2, actor);
            insert.setString(3, action);
            insert.setString(4, target);
            insert.setString(5, sites.isEmpty() ? "" : "," + String.join(",", sites) + ",");
            insert.setString(6, detailsJson);
            return insert.executeUpdate();
          }
        });
  }

  /**
   * Newest first; {@code siteLimit} present keeps only entries touching one of those sites. Returns
   * at most {@code size} entries after skipping {@code page * size}.
   */
  public List<AuditEntry> page(Optional<Set<String>> siteLimit, int page, int size) {
    StringBuilder sql =
        new StringBuilder("SELECT id, at, actor, action, target, sites, details FROM audit_event");
    List<String> patterns = new ArrayList<>();
    if (siteLimit.isPresent()) {
      for (String site : siteLimit.get()) {
        patterns.add("%," + site.replace("!", "!!").replace("_", "!_").replace("%", "!%") + ",%");
      }
      sql.append(
          patterns.isEmpty()
              ? " WHERE 1 = 0"
              : " WHERE "
                  + patterns.stream()
                      .map(p -> "sites LIKE ? ESCAPE '!'")
                      .collect(Collectors.joining(" OR ")));
    }
    sql.append(" ORDER BY id DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY");
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int i = 1;
            for (String pattern : patterns) {
              select.setString(i++, pattern);
            }
            select.setLong(i++, (long) page * size);
            select.setInt(i, size);
            try (ResultSet rows = select.executeQuery()) {
              List<AuditEntry> entries = new ArrayList<>();
              while (rows.next()) {
                entries.add(
                    new AuditEntry(
                        rows.getLong(1),
                        Sql.instant(rows.getObject(2)),
                        rows.getString(3),
                        rows.getString(4),
                        rows.getString(5),
                        sites(rows.getString(6)),
                        rows.getString(7)));
              }
              return entries;
            }
          }
        });
  }

  private static Set<String> sites(String column) {
    return Arrays.stream(column.split(","))
        .filter(site -> !site.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private String toJson(Map<String, Object> details) {
    try {
      return json.writeValueAsString(new TreeMap<>(details));
    } catch (IOException e) {
      throw new IllegalArgumentException("audit details cannot be written as JSON: " + e, e);
    }
  }
}
