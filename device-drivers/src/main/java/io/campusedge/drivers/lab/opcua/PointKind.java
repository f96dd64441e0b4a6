package io.campusedge.drivers.lab.opcua;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a configured node means to the lab, and so which equipment events its changes raise. */
enum PointKind {
  /** A measured or set value (temperature, speed): readings only. */
  VALUE,
  /** A state machine's current state (LADS FunctionalUnitState CurrentState): STATE_CHANGED. */
  STATE,
  /** The id of the running program or job; empty when nothing runs: RUN_STARTED / RUN_STOPPED. */
  RUN,
  /**
   * A boolean alarm (a condition's ActiveState/Id, or a plain alarm flag): ALARM_RAISED/CLEARED.
   */
  ALARM,
  /**
   * An event notifier (the Server object, or an instrument or functional unit that is one): the
   * driver subscribes to its events and turns every AlarmConditionType event (OPC 10000-9 §5.8)
   * into ALARM_RAISED/CLEARED; the reading is the number of alarms seen active.
   */
  ALARMS;

  String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<PointKind> of(String word) {
    return Arrays.stream(values())
        .filter(k -> k.word().equals(word.trim().toLowerCase(Locale.ROOT)))
        .findFirst();
  }
}
