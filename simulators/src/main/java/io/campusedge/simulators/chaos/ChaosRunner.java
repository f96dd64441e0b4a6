package io.campusedge.simulators.chaos;

import io.campusedge.agent.internal.outbox.Lane;
import io.campusedge.protos.v1.Record;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ChaosScenario} against the real hub in this JVM (embedded HiveMQ CE, ingestion, H2
 * store on a fixed port and data directory, so it can be restarted), each gateway behind its own
 * {@link TcpProxy}; then drains every gateway and compares what each reported durable with what the
 * hub stored and what it was told was evicted.
 */
public final class ChaosRunner {
  private static final Logger log = LoggerFactory.getLogger(ChaosRunner.class);
  private static final String DISK_FULL_ALERT = "OUTBOX_DISK_FULL";

  private final Path workDir;
  private final Duration patience;
  private boolean hubRunning = true;
  // Per gateway with a small disk: what the hub said while the disk was full, and after.
  private final Map<String, String> diskAlerts = new LinkedHashMap<>();
  private final Map<String, Boolean> diskAlertRaised = new LinkedHashMap<>();

  /** {@code patience}: how long a drain may take (shared machines are slow). */
  public ChaosRunner(Path workDir, Duration patience) {
    this.workDir = workDir;
    this.patience = patience;
  }

  public ChaosReport run(ChaosScenario scenario) throws Exception {
    Map<String, ChaosGateway> gateways = new LinkedHashMap<>();
    try (HubUnderTest hub = new HubUnderTest(workDir.resolve("hub"), passwordsOf(scenario))) {
      try {
        for (ChaosScenario.GatewaySpec spec : scenario.gateways().values()) {
          gateways.put(spec.id(), gateway(spec, hub));
        }
        hub.start();
        for (ChaosGateway gateway : gateways.values()) {
          gateway.start();
        }
        for (ChaosStep step : scenario.steps()) {
          log.info("Chaos step: {}", step);
          perform(step, hub, gateways);
        }
        if (!hubRunning) {
          hub.start();
        }
        for (ChaosGateway gateway : gateways.values()) {
          gateway.proxy().unblock();
          gateway.drain(hub, patience);
        }
        ChaosReport report = report(scenario, hub, gateways);
        log.info("Chaos report\n{}", report.table());
        return report;
      } finally {
        for (ChaosGateway gateway : gateways.values()) {
          gateway.close();
          gateway.proxy().close();
        }
      }
    }
  }

  private static Map<String, String> passwordsOf(ChaosScenario scenario) {
    Map<String, String> passwords = new LinkedHashMap<>();
    scenario.gateways().keySet().forEach(id -> passwords.put(id, ChaosGateway.password(id)));
    return passwords;
  }

  private ChaosGateway gateway(ChaosScenario.GatewaySpec spec, HubUnderTest hub) throws Exception {
    Path dir = Files.createDirectories(workDir.resolve(spec.id()));
    TcpProxy proxy = new TcpProxy(hub.mqttPort());
    try {
      return switch (spec.kind()) {
        case PROCESS -> new ProcessGateway(spec.id(), dir, proxy);
        case IN_PROCESS ->
            new InProcessGateway(spec.id(), dir, proxy, spec.outboxKib(), spec.diskKib());
      };
    } catch (Exception e) {
      proxy.close(); // e.g. its small disk could not be mounted
      throw e;
    }
  }

  private void perform(ChaosStep step, HubUnderTest hub, Map<String, ChaosGateway> gateways)
      throws Exception {
    if (step instanceof ChaosStep.Run run) {
      // The scenario's own pause: traffic (and the fault) runs meanwhile.
      TimeUnit.MILLISECONDS.sleep(run.duration().toMillis());
    } else if (step instanceof ChaosStep.KillAgent kill) {
      ((ProcessGateway) gateways.get(kill.gateway())).kill();
    } else if (step instanceof ChaosStep.StopAgent stop) {
      ((ProcessGateway) gateways.get(stop.gateway())).stop();
    } else if (step instanceof ChaosStep.StartAgent start) {
      gateways.get(start.gateway()).start();
    } else if (step instanceof ChaosStep.StopHub) {
      hub.stop();
      hubRunning = false;
    } else if (step instanceof ChaosStep.StartHub) {
      hub.start();
      hubRunning = true;
    } else if (step instanceof ChaosStep.RestartHub) {
      hub.restart();
      hubRunning = true;
    } else if (step instanceof ChaosStep.CutNetwork cut) {
      gateways.get(cut.gateway()).proxy().cut();
    } else if (step instanceof ChaosStep.NetworkDown down) {
      gateways.get(down.gateway()).proxy().block();
    } else if (step instanceof ChaosStep.NetworkUp up) {
      gateways.get(up.gateway()).proxy().unblock();
    } else if (step instanceof ChaosStep.FillOutbox fill) {
      ((InProcessGateway) gateways.get(fill.gateway())).fill(fill.readings());
    } else if (step instanceof ChaosStep.SkewClock skew) {
      ((InProcessGateway) gateways.get(skew.gateway())).skewClock(skew.by());
    } else if (step instanceof ChaosStep.FillDisk fill) {
      InProcessGateway gateway = (InProcessGateway) gateways.get(fill.gateway());
      gateway.fillDisk(patience);
      diskAlertRaised.put(gateway.id(), hubRunning && awaitDiskAlert(hub, gateway.id(), true));
    } else if (step instanceof ChaosStep.FreeDisk free) {
      InProcessGateway gateway = (InProcessGateway) gateways.get(free.gateway());
      gateway.freeDisk(patience);
      if (hubRunning) {
        awaitDiskAlert(hub, gateway.id(), false);
      }
    }
  }

  /**
   * Waits (up to 45 s: the gateway states its outbox every second, but a loaded CI machine was seen
   * taking more than 15 s to turn that into the alert) for the hub's disk-full alert about the
   * gateway to be open, or no longer open; remembers what the hub said.
   */
  private boolean awaitDiskAlert(HubUnderTest hub, String gateway, boolean open) throws Exception {
    String subject = "gateway " + gateway;
    try {
      Waits.until(
          Duration.ofSeconds(45),
          "the hub's OUTBOX_DISK_FULL alert for " + gateway + (open ? " open" : " cleared"),
          () ->
              hub.newestAlert(DISK_FULL_ALERT, subject)
                  .map(alert -> alert.open() == open)
                  .orElse(false));
    } catch (java.util.concurrent.TimeoutException e) {
      log.warn("Chaos: {}", e.getMessage());
      return false;
    }
    hub.newestAlert(DISK_FULL_ALERT, subject)
        .ifPresent(
            alert ->
                diskAlerts.merge(
                    gateway,
                    alert.state() + " '" + alert.detail() + "'",
                    (a, b) -> a + ", then " + b));
    return true;
  }

  private ChaosReport report(
      ChaosScenario scenario, HubUnderTest hub, Map<String, ChaosGateway> gateways)
      throws Exception {
    List<ChaosReport.Row> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<ChaosReport.Check> checks = new ArrayList<>();
    for (ChaosGateway gateway : gateways.values()) {
      long epoch = gateway.epoch();
      List<Long> epochs = hub.epochs(gateway.id());
      if (epochs.size() > 1 || (!epochs.isEmpty() && epochs.get(0) != epoch)) {
        notes.add(
            gateway.id()
                + ": records stored under epochs "
                + epochs
                + ", outbox epoch "
                + epoch
                + " (a new outbox file: what the old one held is counted as lost)");
      }
      List<ChaosReport.Row> gatewayRows = compare(gateway.id(), gateway.durable(), hub, epoch);
      rows.addAll(gatewayRows);
      if (hub.duplicateRows(gateway.id(), epoch) > 0) {
        notes.add(gateway.id() + ": the hub holds a seq twice");
      }
      if (gateway instanceof InProcessGateway inProcess) {
        Set<Long> stored = new HashSet<>(hub.storedSeqs(gateway.id(), epoch));
        checks.addAll(EvictionAccount.check(inProcess, gatewayRows, stored));
        checks.add(EvictionAccount.everyRecordAccountedFor(inProcess, gatewayRows));
        if (inProcess.hasSmallDisk()) {
          notes.add(diskFullNote(inProcess));
          boolean raised = diskAlertRaised.getOrDefault(gateway.id(), false);
          checks.add(
              new ChaosReport.Check(
                  gateway.id(),
                  "the gateway state told the hub of the full disk",
                  raised,
                  diskAlerts.getOrDefault(gateway.id(), "no OUTBOX_DISK_FULL alert seen")));
        }
      }
    }
    return new ChaosReport(scenario.name(), rows, notes, checks);
  }

  private static String diskFullNote(InProcessGateway gateway) throws Exception {
    return gateway.id()
        + ": disk full (ENOSPC on its tmpfs)"
        + gateway.diskFullFor().map(d -> " for " + d.toMillis() / 100 / 10.0 + " s").orElse("")
        + ": dropped and counted by the outbox "
        + lanes(gateway.droppedWhileDiskFull())
        + "; held in memory and stored once space returned "
        + lanes(gateway.heldWhileDiskFull());
  }

  static String lanes(Map<Lane, Long> counts) {
    StringBuilder text = new StringBuilder();
    for (Lane lane : Lane.values()) {
      text.append(text.length() == 0 ? "" : ", ")
          .append(lane.column())
          .append(' ')
          .append(String.format(java.util.Locale.ROOT, "%,d", counts.getOrDefault(lane, 0L)));
    }
    return text.toString();
  }

  /** Compares one gateway's durable seqs with the hub's records and evicted ranges. */
  static List<ChaosReport.Row> compare(
      String gateway, NavigableMap<Long, Lane> durable, HubUnderTest hub, long epoch)
      throws Exception {
    Map<Long, Record> stored = new TreeMap<>();
    for (Record record : hub.storedRecords(gateway, epoch)) {
      stored.put(record.getSeq(), record);
    }
    Set<Long> evicted = new HashSet<>(hub.evictedSeqs(gateway, epoch));
    // A record the hub has is durable at the gateway, even if the agent died before logging it.
    NavigableMap<Long, Lane> sent = new TreeMap<>(durable);
    stored.forEach((seq, record) -> sent.putIfAbsent(seq, laneOf(record)));
    Map<Lane, long[]> counts = new EnumMap<>(Lane.class);
    for (Lane lane : Lane.values()) {
      counts.put(lane, new long[5]);
    }
    Set<com.google.protobuf.ByteString> contents = new HashSet<>();
    for (Map.Entry<Long, Lane> entry : sent.entrySet()) {
      long[] c = counts.get(entry.getValue());
      c[0]++;
      Record record = stored.get(entry.getKey());
      if (record != null) {
        c[1]++;
        // The same record under two seqs: the agent sent one reading twice.
        if (!contents.add(record.toBuilder().clearSeq().build().toByteString())) {
          c[3]++;
        }
      } else if (evicted.contains(entry.getKey())) {
        c[2]++;
      } else {
        c[4]++;
      }
    }
    List<ChaosReport.Row> rows = new ArrayList<>();
    counts.forEach(
        (lane, c) -> rows.add(new ChaosReport.Row(gateway, lane, c[0], c[1], c[2], c[3], c[4])));
    return rows;
  }

  static Lane laneOf(Record record) {
    return switch (record.getBodyCase()) {
      case CARD_TAP -> Lane.ATTENDANCE;
      case EQUIPMENT_EVENT -> Lane.EVENTS;
      default -> Lane.TELEMETRY;
    };
  }
}
