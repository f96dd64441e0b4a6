package io.campusedge.drivers.attendance;

import io.campusedge.drivers.api.DriverContext;
import io.campusedge.protos.v1.DeviceStatus;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a reader's problems and turns them into {@code DeviceStatus} records a technician can act
 * on, without flooding the outbox: a new problem or a recovery is reported at once, the same
 * problem again at most once per {@link #REPEAT_MS} with the count since the last report. Reasons
 * never contain a card UID.
 */
public final class ReaderHealth {
  static final long REPEAT_MS = 60_000;
  private static final Logger log = LoggerFactory.getLogger(ReaderHealth.class);

  private final String deviceId;
  private final Map<String, Long> counts = new TreeMap<>();
  private DriverContext context;
  private String currentProblem;
  private boolean currentReachable = true;
  private long lastReportMs;
  private long sinceLastReport;

  public ReaderHealth(String deviceId) {
    this.deviceId = deviceId;
  }

  public synchronized void bind(DriverContext context) {
    this.context = context;
  }

  /** The reader itself cannot be used (chip missing, device file gone, no site key). */
  public void unreachable(String reason) {
    problem(false, reason);
  }

  /** The reader works but one card read failed (collision, parity, CRC); no tap was produced. */
  public void readFailed(String reason) {
    problem(true, reason);
  }

  /** Everything worked; reports the recovery once after a problem. */
  public synchronized void ok() {
    if (currentProblem == null) {
      return;
    }
    log.info("{}: reader working again (after: {})", deviceId, currentProblem);
    currentProblem = null;
    currentReachable = true;
    sinceLastReport = 0;
    send(true, "");
  }

  /** How often each reason occurred since the driver started (for doctor/status output). */
  public synchronized Map<String, Long> counts() {
    return Map.copyOf(counts);
  }

  private synchronized void problem(boolean reachable, String reason) {
    counts.merge(reason, 1L, Long::sum);
    long now = context == null ? 0 : context.clock().millis();
    boolean changed = !reason.equals(currentProblem) || reachable != currentReachable;
    sinceLastReport = changed ? 1 : sinceLastReport + 1;
    if (!changed && now - lastReportMs < REPEAT_MS) {
      log.debug("{}: {} (again)", deviceId, reason);
      return;
    }
    String error = sinceLastReport > 1 ? reason + " (" + sinceLastReport + " times)" : reason;
    if (changed) {
      log.warn("{}: {}", deviceId, reason);
    }
    currentProblem = reason;
    currentReachable = reachable;
    sinceLastReport = 0;
    lastReportMs = now;
    send(reachable, error);
  }

  private void send(boolean reachable, String error) {
    if (context == null) {
      return;
    }
    context
        .sink()
        .deviceStatus(
            DeviceStatus.newBuilder()
                .setDeviceId(deviceId)
                .setSourceTimeMs(context.clock().millis())
                .setReachable(reachable)
                .setError(error)
                .build());
  }
}
