package io.campusedge.simulators.chaos;

import io.campusedge.agent.internal.outbox.Lane;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;

/**
 * Reconciles an in-process gateway's own counters with the report. The outbox counts every record
 * its policy removes, including records the uplink had already published and the hub had stored
 * while their ack was still on the way (a pulled cable, a restarting hub): the report counts those
 * as stored, so the agent's counter is the report's evicted plus those. Reading the final counter
 * and the seqs the outbox named makes that difference explicit instead of a puzzle.
 */
final class EvictionAccount {
  private EvictionAccount() {}

  /** One check per lane the outbox evicted from (or the report shows evictions for). */
  static List<ChaosReport.Check> check(
      InProcessGateway gateway, List<ChaosReport.Row> rows, Set<Long> storedSeqs) throws Exception {
    Map<String, Long> counted = gateway.evictedByAgent();
    Map<Lane, NavigableSet<Long>> named = gateway.evictedSeqs();
    List<ChaosReport.Check> checks = new ArrayList<>();
    for (ChaosReport.Row row : rows) {
      Lane lane = row.lane();
      long count = counted.getOrDefault(lane.column(), 0L);
      NavigableSet<Long> seqs = named.get(lane);
      if (count == 0 && row.evicted() == 0 && seqs.isEmpty()) {
        continue;
      }
      long deliveredThenEvicted = seqs.stream().filter(storedSeqs::contains).count();
      boolean ok = count == seqs.size() && count == row.evicted() + deliveredThenEvicted;
      checks.add(
          new ChaosReport.Check(
              gateway.id(),
              lane.column() + ": the outbox's own eviction counter matches the report",
              ok,
              String.format(
                  Locale.ROOT,
                  "counted %,d, named %,d = %,d evicted before delivery + %,d delivered (stored at"
                      + " the hub, ack not back yet) then evicted",
                  count,
                  seqs.size(),
                  row.evicted(),
                  deliveredThenEvicted)));
    }
    return checks;
  }

  /**
   * Every record handed to the outbox is stored, evicted, dropped by the disk-full policy (counted)
   * or in the lost column: none fell through, e.g. a card tap held in memory and never written.
   */
  static ChaosReport.Check everyRecordAccountedFor(
      InProcessGateway gateway, List<ChaosReport.Row> rows) throws Exception {
    Map<Lane, Long> handed = gateway.handedOver();
    Map<Lane, Long> dropped = gateway.droppedWhileDiskFull();
    boolean ok = true;
    StringBuilder detail = new StringBuilder();
    for (ChaosReport.Row row : rows) {
      Lane lane = row.lane();
      long in = handed.getOrDefault(lane, 0L);
      long out = row.stored() + row.evicted() + dropped.getOrDefault(lane, 0L) + row.lost();
      ok &= in == out;
      detail
          .append(detail.length() == 0 ? "" : "; ")
          .append(
              String.format(
                  Locale.ROOT,
                  "%s handed %,d = stored %,d + evicted %,d + dropped (disk full) %,d + lost %,d",
                  lane.column(),
                  in,
                  row.stored(),
                  row.evicted(),
                  dropped.getOrDefault(lane, 0L),
                  row.lost()));
    }
    return new ChaosReport.Check(
        gateway.id(), "every record handed to the outbox is accounted for", ok, detail.toString());
  }
}
