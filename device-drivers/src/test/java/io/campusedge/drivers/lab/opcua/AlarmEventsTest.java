package io.campusedge.drivers.lab.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Severity;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.junit.jupiter.api.Test;

/** Alarm condition event fields to notices, and notices to raised/cleared equipment events. */
class AlarmEventsTest {
  private static final OpcUaPoint ALARMS =
      new OpcUaPoint(
          "active_alarms",
          "1",
          new NodeRef.ById("i=2253"),
          PointKind.ALARMS,
          false,
          "active_alarms",
          Severity.SEVERITY_WARNING);

  private static Variant[] fields(Object active, int severity, String message) {
    return new Variant[] {
      Variant.ofString("Centrifuge1"),
      Variant.ofString("ImbalanceAlarm"),
      active == null ? Variant.NULL_VALUE : Variant.ofBoolean((Boolean) active),
      Variant.ofUInt16(ushort(severity)),
      Variant.ofLocalizedText(LocalizedText.english(message)),
      Variant.ofDateTime(new DateTime(java.time.Instant.parse("2026-03-02T02:00:01Z"))),
    };
  }

  @Test
  void theFilterSelectsFromTheStandardEventTypes() {
    EventFilter filter = AlarmEvents.filter();
    assertThat(filter.getSelectClauses()).hasSize(6);
    assertThat(filter.getSelectClauses()[2].getTypeDefinitionId())
        .isEqualTo(NodeIds.AlarmConditionType);
    assertThat(filter.getSelectClauses()[2].getBrowsePath())
        .extracting(q -> q.name())
        .containsExactly("ActiveState", "Id");
  }

  @Test
  void anAlarmEventBecomesANotice() {
    AlarmEvents.Notice n =
        AlarmEvents.decode(ALARMS, fields(true, 900, "Rotor imbalance"), 0).orElseThrow();
    assertThat(n.code()).isEqualTo("Centrifuge1/ImbalanceAlarm");
    assertThat(n.active()).isTrue();
    assertThat(n.level()).isEqualTo(Severity.SEVERITY_CRITICAL);
    assertThat(n.timeMs())
        .isEqualTo(java.time.Instant.parse("2026-03-02T02:00:01Z").toEpochMilli());
    assertThat(AlarmEvents.decode(ALARMS, fields(true, 500, ""), 0).orElseThrow().level())
        .isEqualTo(Severity.SEVERITY_WARNING);
    assertThat(AlarmEvents.decode(ALARMS, fields(true, 400, ""), 0).orElseThrow().level())
        .isEqualTo(Severity.SEVERITY_INFO);
  }

  @Test
  void eventsThatAreNoAlarmsAreDropped() {
    assertThat(AlarmEvents.decode(ALARMS, fields(null, 100, "audit"), 0)).isEmpty();
    assertThat(AlarmEvents.decode(ALARMS, new Variant[2], 0)).isEmpty();
  }

  @Test
  void raisedOnceClearedOnceAndCounted() {
    EquipmentTracker tracker = new EquipmentTracker("cf1");
    Optional<AlarmEvents.Notice> inactive = AlarmEvents.decode(ALARMS, fields(false, 900, ""), 0);
    assertThat(tracker.alarmEvent(inactive.orElseThrow())).isEmpty();
    AlarmEvents.Notice on =
        AlarmEvents.decode(ALARMS, fields(true, 900, "Rotor imbalance"), 0).get();
    EquipmentEvent raised = tracker.alarmEvent(on).get(0);
    assertThat(raised.getKind()).isEqualTo(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED);
    assertThat(raised.getMessage()).isEqualTo("Centrifuge1/ImbalanceAlarm: Rotor imbalance");
    assertThat(tracker.alarmEvent(on)).as("re-sent active alarm").isEmpty();
    assertThat(tracker.activeAlarms(ALARMS)).isEqualTo(1);
    EquipmentEvent cleared =
        tracker.alarmEvent(AlarmEvents.decode(ALARMS, fields(false, 900, ""), 0).get()).get(0);
    assertThat(cleared.getKind()).isEqualTo(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_CLEARED);
    assertThat(cleared.getSeverity()).isEqualTo(Severity.SEVERITY_INFO);
    assertThat(tracker.activeAlarms(ALARMS)).isZero();
  }
}
