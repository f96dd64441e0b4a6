package io.campusedge.drivers.display;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.drivers.api.RecordSink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Reading;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DisplayUsageTest {
  private static final ZoneId HANOI = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final long MINUTE = 60_000;
  private final List<Reading> readings = new ArrayList<>();
  private final List<EquipmentEvent> events = new ArrayList<>();
  private final DisplayUsage usage = new DisplayUsage("a101-projector", HANOI, 5 * MINUTE);

  @BeforeEach
  void bind() {
    usage.bind(
        new RecordSink() {
          @Override
          public void reading(Reading reading) {
            readings.add(reading);
          }

          @Override
          public void cardTap(CardTap tap) {}

          @Override
          public void equipmentEvent(EquipmentEvent event) {
            events.add(event);
          }

          @Override
          public void deviceStatus(DeviceStatus status) {}
        });
  }

  private static long at(String localTime) {
    return ZonedDateTime.parse("2026-03-02T" + localTime + "+07:00[Asia/Ho_Chi_Minh]")
        .toInstant()
        .toEpochMilli();
  }

  private double lastHoursToday() {
    return last("on_hours_today").getDoubleValue();
  }

  private Reading last(String metric) {
    return readings.stream()
        .filter(r -> r.getMetric().equals(metric))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void aLessonCountsOneSessionItsHoursAndItsInputChanges() {
    usage.observe(at("07:00:00"), PowerState.STANDBY, Optional.empty());
    usage.observe(at("07:01:00"), PowerState.WARMING_UP, Optional.empty());
    usage.observe(at("07:02:00"), PowerState.ON, Optional.of("31"));
    usage.observe(at("07:03:00"), PowerState.ON, Optional.of("11"));
    for (int m = 4; m <= 46; m++) {
      usage.observe(at(String.format("07:%02d:00", m)), PowerState.ON, Optional.of("11"));
    }
    usage.observe(at("07:46:30"), PowerState.COOLING_DOWN, Optional.empty());
    usage.observe(at("07:47:30"), PowerState.STANDBY, Optional.empty());

    assertThat(lastHoursToday()).isCloseTo(45.5 / 60, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(last("sessions_today").getIntValue()).isEqualTo(1);
    assertThat(last("input_changes_today").getIntValue()).isEqualTo(1);
    List<EquipmentEventKind> kinds = events.stream().map(EquipmentEvent::getKind).toList();
    assertThat(kinds)
        .containsExactly(
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED, // standby (first seen)
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED, // warming-up
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED,
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED, // on
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED, // input 31
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED, // input 11
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED, // cooling-down
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STOPPED,
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED); // standby
    EquipmentEvent stopped = events.get(7);
    assertThat(stopped.getRunId()).isEqualTo(events.get(2).getRunId()).isNotEmpty();
    assertThat(stopped.getAttributesMap()).containsEntry("duration_s", Long.toString(45 * 60 + 30));
    EquipmentEvent inputChange = events.get(5);
    assertThat(inputChange.getState()).isEqualTo("11");
    assertThat(inputChange.getPreviousState()).isEqualTo("31");
    assertThat(inputChange.getAttributesMap()).containsEntry("aspect", "input");
    assertThat(events.get(1).getPreviousState()).isEqualTo("standby");
    assertThat(events.get(1).getState()).isEqualTo("warming-up");
  }

  @Test
  void aGapLongerThanTheLimitIsNotCountedAsUse() {
    usage.observe(at("08:00:00"), PowerState.ON, Optional.empty());
    usage.observe(at("08:01:00"), PowerState.ON, Optional.empty());
    usage.unknown(at("08:02:00"));
    usage.observe(at("09:00:00"), PowerState.ON, Optional.empty());
    usage.observe(at("09:01:00"), PowerState.ON, Optional.empty());
    // 08:00-08:02 and 09:00-09:01: the hour the device was not answering is not use.
    assertThat(lastHoursToday() * 60).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(last("sessions_today").getIntValue()).isEqualTo(1);
  }

  @Test
  void midnightSplitsTheHoursAndSendsTheFinishedDayStampedAtItsLastMillisecond() {
    long start = at("23:30:00");
    for (long t = start; t <= start + 60 * MINUTE; t += MINUTE) {
      usage.observe(t, PowerState.ON, Optional.empty());
    }
    long endOfDay = at("23:59:59.999");
    Reading dayTotal =
        readings.stream()
            .filter(r -> r.getMetric().equals("on_hours_today") && r.getSourceTimeMs() == endOfDay)
            .findFirst()
            .orElseThrow();
    assertThat(dayTotal.getDoubleValue()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(lastHoursToday()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(last("on_hours_today").getSourceTimeMs()).isEqualTo(start + 60 * MINUTE);
    assertThat(Duration.ofMillis(endOfDay - start).toMinutes()).isEqualTo(29);
  }
}
