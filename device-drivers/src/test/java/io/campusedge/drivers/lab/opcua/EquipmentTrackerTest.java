package io.campusedge.drivers.lab.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class EquipmentTrackerTest {
  private final EquipmentTracker tracker = new EquipmentTracker("cf1");

  private static OpcUaPoint point(String metric, PointKind kind) {
    return new OpcUaPoint(
        metric,
        "1",
        new NodeRef.ById("ns=2;s=" + metric),
        kind,
        false,
        metric,
        Severity.SEVERITY_CRITICAL);
  }

  @Test
  void stateChangesCarryThePreviousState() {
    OpcUaPoint state = point("state", PointKind.STATE);
    List<EquipmentEvent> first = tracker.update(state, new UaValue.Text("Idle"), 1);
    assertThat(first).singleElement().extracting(EquipmentEvent::getState).isEqualTo("Idle");
    assertThat(tracker.update(state, new UaValue.Text("Idle"), 2)).isEmpty();
    EquipmentEvent running = tracker.update(state, new UaValue.Text("Running"), 3).get(0);
    assertThat(running.getKind()).isEqualTo(EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED);
    assertThat(running.getPreviousState()).isEqualTo("Idle");
    assertThat(running.getSourceTimeMs()).isEqualTo(3);
    assertThat(running.getDeviceId()).isEqualTo("cf1");
  }

  @Test
  void runIdsStartAndStopRuns() {
    OpcUaPoint run = point("run_id", PointKind.RUN);
    assertThat(tracker.update(run, new UaValue.Text(""), 1)).isEmpty();
    assertThat(tracker.update(run, new UaValue.Text("R-1"), 2))
        .extracting(EquipmentEvent::getKind, EquipmentEvent::getRunId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED, "R-1"));
    assertThat(tracker.update(run, new UaValue.Text("R-2"), 3))
        .extracting(EquipmentEvent::getKind)
        .containsExactly(
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STOPPED,
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED);
    assertThat(tracker.update(run, new UaValue.Text(""), 4))
        .singleElement()
        .extracting(EquipmentEvent::getRunId)
        .isEqualTo("R-2");
  }

  @Test
  void alarmsRaiseAndClearOnEdgesOnly() {
    OpcUaPoint alarm = point("imbalance", PointKind.ALARM);
    assertThat(tracker.update(alarm, new UaValue.Flag(false), 1)).isEmpty();
    EquipmentEvent raised = tracker.update(alarm, new UaValue.Flag(true), 2).get(0);
    assertThat(raised.getKind()).isEqualTo(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED);
    assertThat(raised.getAlarmCode()).isEqualTo("imbalance");
    assertThat(raised.getSeverity()).isEqualTo(Severity.SEVERITY_CRITICAL);
    assertThat(tracker.update(alarm, new UaValue.Flag(true), 3)).isEmpty();
    assertThat(tracker.update(alarm, new UaValue.Whole(0), 4))
        .singleElement()
        .extracting(EquipmentEvent::getKind)
        .isEqualTo(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_CLEARED);
  }

  @Test
  void anAlarmAlreadyActiveAtFirstSightIsRaised() {
    OpcUaPoint alarm = point("door_open", PointKind.ALARM);
    assertThat(tracker.update(alarm, new UaValue.Flag(true), 1))
        .singleElement()
        .extracting(EquipmentEvent::getKind)
        .isEqualTo(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED);
  }

  @Test
  void valuePointsRaiseNothing() {
    assertThat(tracker.update(point("speed", PointKind.VALUE), new UaValue.Real(4000), 1))
        .isEmpty();
  }
}
