package io.campusedge.simulators.chaos;

import io.campusedge.agent.internal.outbox.Lane;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a chaos run per gateway and lane: records the gateway reported durable (sent),
 * stored once at the hub, evicted by the outbox's counted policy (and told to the hub), stored more
 * than once with the same content (duplicates), and neither stored nor evicted (lost).
 */
public record ChaosReport(String scenario, List<Row> rows, List<String> notes, List<Check> checks) {

  /**
   * Something the run must show beyond the table, e.g. that the agent's own eviction counter equals
   * what the report accounts for, or that every card tap came through a full disk.
   */
  public record Check(String gateway, String what, boolean ok, String detail) {}

  public ChaosReport(String scenario, List<Row> rows, List<String> notes) {
    this(scenario, rows, notes, List.of());
  }

  /** One gateway's lane; {@code gateway} is {@code *} for the totals. */
  public record Row(
      String gateway,
      Lane lane,
      long sent,
      long stored,
      long evicted,
      long duplicates,
      long lost) {}

  public ChaosReport {
    rows = List.copyOf(rows);
    notes = List.copyOf(notes);
    checks = List.copyOf(checks);
  }

  /** Sums over every gateway, one row per lane. */
  public Map<Lane, Row> totals() {
    Map<Lane, Row> totals = new EnumMap<>(Lane.class);
    for (Lane lane : Lane.values()) {
      long sent = 0;
      long stored = 0;
      long evicted = 0;
      long duplicates = 0;
      long lost = 0;
      for (Row row : rows) {
        if (row.lane() == lane) {
          sent += row.sent();
          stored += row.stored();
          evicted += row.evicted();
          duplicates += row.duplicates();
          lost += row.lost();
        }
      }
      totals.put(lane, new Row("*", lane, sent, stored, evicted, duplicates, lost));
    }
    return totals;
  }

  public Row total(Lane lane) {
    return totals().get(lane);
  }

  public long lost() {
    return totals().values().stream().mapToLong(Row::lost).sum();
  }

  public long duplicates() {
    return totals().values().stream().mapToLong(Row::duplicates).sum();
  }

  /** Nothing lost, nothing stored twice, every check holds. */
  public boolean passed() {
    return lost() == 0 && duplicates() == 0 && checks.stream().allMatch(Check::ok);
  }

  /** A Markdown table, the totals last. */
  public String table() {
    StringBuilder text = new StringBuilder();
    text.append("Chaos run: ").append(scenario).append('\n');
    text.append("| gateway | lane | sent | stored | evicted | duplicates | lost |\n");
    text.append("|---|---|---:|---:|---:|---:|---:|\n");
    List<Row> all = new ArrayList<>(rows);
    all.addAll(totals().values());
    for (Row row : all) {
      text.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %,d | %,d | %,d | %,d |%n",
              row.gateway(),
              row.lane().column(),
              row.sent(),
              row.stored(),
              row.evicted(),
              row.duplicates(),
              row.lost()));
    }
    notes.forEach(note -> text.append("* ").append(note).append('\n'));
    for (Check check : checks) {
      text.append(check.ok() ? "* ok: " : "* NOT OK: ")
          .append(check.gateway())
          .append(": ")
          .append(check.what())
          .append(" (")
          .append(check.detail())
          .append(")\n");
    }
    text.append(
        passed() ? "PASSED: nothing lost, nothing stored twice, every check holds\n" : "FAILED\n");
    return text.toString();
  }
}
