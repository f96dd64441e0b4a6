package io.campusedge.drivers.display;

import io.campusedge.drivers.api.RecordSink;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Turns the power state and input a display reports at each poll into utilisation: power-on
 * sessions ({@code RUN_STARTED}/{@code RUN_STOPPED}), power and input changes ({@code
 * STATE_CHANGED}), and per local school day the hours in use, sessions started and input changes,
 * as readings {@code on_hours_today}, {@code sessions_today}, {@code input_changes_today}. At
 * midnight the finished day's totals are sent once more stamped at the day's last millisecond, so
 * the hub's last reading of a day is that day's total. The hub groups devices by room.
 *
 * <p>Between two polls the display is taken to have stayed as the first poll saw it; a gap longer
 * than {@code maxGapMs} (agent stopped, device unreachable) is not counted as use.
 */
public final class DisplayUsage {
  static final String ASPECT = "aspect";

  private final String deviceId;
  private final ZoneId zone;
  private final long maxGapMs;
  private RecordSink sink;

  private LocalDate day;
  private long inUseMs;
  private long sessions;
  private long inputChanges;

  private Optional<PowerState> power = Optional.empty();
  private Optional<String> input = Optional.empty();
  private long lastSeenMs;
  private Optional<String> runId = Optional.empty();
  private long runStartMs;

  public DisplayUsage(String deviceId, ZoneId zone, long maxGapMs) {
    this.deviceId = deviceId;
    this.zone = zone;
    this.maxGapMs = maxGapMs;
  }

  public void bind(RecordSink sink) {
    this.sink = sink;
  }

  /**
   * One successful poll at {@code nowMs}: the power state and, when the display said, the input (as
   * the device names it, e.g. {@code 31} or {@code hdmi1}).
   */
  public void observe(long nowMs, PowerState state, Optional<String> currentInput) {
    credit(nowMs);
    if (power.isEmpty() || power.get() != state) {
      powerChanged(nowMs, state);
    }
    if (state.inUse() && currentInput.isPresent() && !currentInput.equals(input)) {
      inputChanged(nowMs, currentInput.get());
    }
    power = Optional.of(state);
    lastSeenMs = nowMs;
    sendTotals(nowMs);
  }

  /** The device could not be read at {@code nowMs}: its state is unknown until it answers again. */
  public void unknown(long nowMs) {
    credit(nowMs);
    power = Optional.empty();
  }

  private void powerChanged(long nowMs, PowerState state) {
    EquipmentEvent.Builder e =
        event(nowMs, EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED)
            .setState(state.word())
            .putAttributes(ASPECT, "power");
    power.ifPresent(p -> e.setPreviousState(p.word()));
    sink.equipmentEvent(e.build());
    if (state.inUse() && runId.isEmpty()) {
      runStartMs = nowMs;
      runId = Optional.of(deviceId + "-" + nowMs);
      sessions++;
      sink.equipmentEvent(
          event(nowMs, EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED)
              .setRunId(runId.get())
              .setState(state.word())
              .setMessage("display switched on")
              .build());
    } else if (!state.inUse() && runId.isPresent()) {
      sink.equipmentEvent(
          event(nowMs, EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STOPPED)
              .setRunId(runId.get())
              .setState(state.word())
              .setMessage("display switched off")
              .putAttributes("duration_s", Long.toString((nowMs - runStartMs) / 1000))
              .build());
      runId = Optional.empty();
      input = Optional.empty();
    }
  }

  private void inputChanged(long nowMs, String newInput) {
    EquipmentEvent.Builder e =
        event(nowMs, EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED)
            .setState(newInput)
            .putAttributes(ASPECT, "input");
    input.ifPresent(e::setPreviousState);
    if (input.isPresent()) {
      inputChanges++;
    }
    input = Optional.of(newInput);
    sink.equipmentEvent(e.build());
  }

  /** Counts the time since the last poll as use when the display was in use then. */
  private void credit(long nowMs) {
    LocalDate today = dayOf(nowMs);
    if (day == null) {
      day = today;
    }
    boolean counted = power.map(PowerState::inUse).orElse(false) && nowMs - lastSeenMs <= maxGapMs;
    long from = lastSeenMs;
    while (day.isBefore(today)) {
      long midnight = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
      if (counted && from < midnight) {
        inUseMs += midnight - from;
        from = midnight;
      }
      closeDay(midnight - 1);
      day = day.plusDays(1);
    }
    if (counted && nowMs > from) {
      inUseMs += nowMs - from;
    }
  }

  private void closeDay(long lastMs) {
    sendTotals(lastMs);
    inUseMs = 0;
    sessions = runId.isPresent() ? 1 : 0;
    inputChanges = 0;
  }

  private void sendTotals(long atMs) {
    sink.reading(
        reading("on_hours_today", atMs, "h").setDoubleValue(inUseMs / 3_600_000.0).build());
    sink.reading(reading("sessions_today", atMs, "1").setIntValue(sessions).build());
    sink.reading(reading("input_changes_today", atMs, "1").setIntValue(inputChanges).build());
  }

  private LocalDate dayOf(long ms) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(ms), zone);
  }

  private Reading.Builder reading(String metric, long atMs, String unit) {
    return Reading.newBuilder()
        .setDeviceId(deviceId)
        .setMetric(metric)
        .setSourceTimeMs(atMs)
        .setUnit(unit)
        .setQuality(Quality.QUALITY_GOOD);
  }

  private EquipmentEvent.Builder event(long atMs, EquipmentEventKind kind) {
    return EquipmentEvent.newBuilder()
        .setDeviceId(deviceId)
        .setSourceTimeMs(atMs)
        .setKind(kind)
        .setSeverity(Severity.SEVERITY_INFO);
  }
}
