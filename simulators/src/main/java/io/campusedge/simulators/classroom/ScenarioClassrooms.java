package io.campusedge.simulators.classroom;

import io.campusedge.drivers.sim.ClassroomClimateModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Builds a scenario's virtual classrooms: each room's air, timetable, pupils and seed. */
public final class ScenarioClassrooms {
  private ScenarioClassrooms() {}

  /** Room {@code index} of the scenario, advancing on its own thread in {@code clock}'s time. */
  public static VirtualClassroom start(SchoolScenario scenario, int index, SimulationClock clock) {
    SchoolScenario.Room room = scenario.rooms().get(index);
    // One card on the reader per tick: at speed 96 a 1 s tick would be 96 s of queue per pupil.
    Duration tick = clock.speed() > 1 ? Duration.ofMillis(250) : Duration.ofSeconds(1);
    VirtualClassroom classroom =
        new VirtualClassroom(
            room.id(),
            model(scenario, index),
            clock,
            room.students(),
            scenario.roomSeed(index),
            tick);
    classroom.attendanceHabits(scenario.attendance());
    return classroom;
  }

  /** The same room advanced only by {@link VirtualClassroom#tick()}, for tests and traces. */
  static VirtualClassroom manual(SchoolScenario scenario, int index, Clock clock) {
    SchoolScenario.Room room = scenario.rooms().get(index);
    VirtualClassroom classroom =
        new VirtualClassroom(
            room.id(),
            model(scenario, index),
            clock,
            room.students(),
            scenario.roomSeed(index),
            false);
    classroom.attendanceHabits(scenario.attendance());
    return classroom;
  }

  /** The room's climate model, filled by the scenario's timetable. */
  public static ClassroomClimateModel model(SchoolScenario scenario, int index) {
    SchoolScenario.Room room = scenario.rooms().get(index);
    SchoolScenario.Timetable timetable = scenario.timetable();
    return new ClassroomClimateModel(
        scenario.roomSeed(index),
        room.students(),
        room.volumeM3(),
        room.airChangesPerHour(),
        scenario.outdoor().temperatureCelsius(),
        scenario.outdoor().co2Ppm(),
        scenario.zone(),
        epochMs ->
            timetable.occupants(
                Instant.ofEpochMilli(epochMs).atZone(scenario.zone()), room.students()));
  }
}
