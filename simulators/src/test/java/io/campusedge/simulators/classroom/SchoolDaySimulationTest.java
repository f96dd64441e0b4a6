package io.campusedge.simulators.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.drivers.sim.ClassroomClimateModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scenario's school day on the simulation clock, driven by hand: no sleeping, five "real" minutes
 * pass in a loop. Same seed, same day; another seed, another day; speed 96 makes the five minutes
 * an eight-hour day.
 */
class SchoolDaySimulationTest {
  // Monday 2 March 2026, 07:00 in Hanoi; the virtual clock starts at 06:55 that day.
  private static final Instant REAL_START = Instant.parse("2026-03-02T00:00:00Z");
  private static final Duration TICK = Duration.ofMillis(250);
  private static final java.time.format.DateTimeFormatter HH_MM_SS =
      java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

  /** A wall clock the test moves. */
  private static final class HandClock extends Clock {
    private Instant now = REAL_START;

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private record Day(List<String> events, SimulationClock clock, int taps, int peakOccupants) {}

  /**
   * Five real minutes of room 0 at the scenario's speed, a tick every 250 ms as the demo does: one
   * event per tick (virtual time, people in, CO2, the card on the door reader).
   */
  private static Day run(SchoolScenario scenario) {
    HandClock real = new HandClock();
    SimulationClock clock =
        new SimulationClock(real, scenario.virtualStart(real.instant()), scenario.speed());
    List<String> events = new ArrayList<>();
    int taps = 0;
    int peak = 0;
    try (VirtualClassroom room = ScenarioClassrooms.manual(scenario, 0, clock)) {
      for (Duration elapsed = Duration.ZERO;
          elapsed.compareTo(Duration.ofMinutes(5)) < 0;
          elapsed = elapsed.plus(TICK)) {
        real.advance(TICK);
        room.tick();
        ClassroomClimateModel.Snapshot air = room.lastSnapshot();
        String card = room.cardOnReader().map(c -> HexFormat.of().formatHex(c.uid())).orElse("-");
        taps += card.equals("-") ? 0 : 1;
        peak = Math.max(peak, air.occupants());
        events.add(
            LocalTime.ofInstant(clock.instant(), scenario.zone()).format(HH_MM_SS)
                + " "
                + air.occupants()
                + " "
                + air.co2Ppm()
                + " "
                + card);
      }
    }
    return new Day(events, clock, taps, peak);
  }

  private static SchoolScenario scenario(long seed) throws Exception {
    String yaml =
        new String(
                SchoolScenarioFile.class
                    .getResourceAsStream(SchoolScenarioFile.DEFAULT_RESOURCE)
                    .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8)
            .replace("seed: 1", "seed: " + seed)
            .replace("speed: 1", "speed: 96")
            .replace("start: now", "start: \"06:55\"");
    return new SchoolScenarioFile().parse(yaml, "demo-school.yaml");
  }

  @Test
  void theSameSeedGivesTheSameDay() throws Exception {
    Day first = run(scenario(1));
    Day again = run(scenario(1));

    assertThat(again.events()).hasSize(1200).isEqualTo(first.events());
  }

  @Test
  void anotherSeedGivesAnotherDay() throws Exception {
    Day one = run(scenario(1));
    Day two = run(scenario(2));

    assertThat(two.events()).hasSameSizeAs(one.events()).isNotEqualTo(one.events());
    // Other cards at the door, not only other noise in the air.
    assertThat(cards(two)).doesNotContainAnyElementsOf(cards(one));
  }

  private static List<String> cards(Day day) {
    return day.events().stream()
        .map(e -> e.substring(e.lastIndexOf(' ') + 1))
        .filter(c -> !c.equals("-"))
        .distinct()
        .toList();
  }

  @Test
  void atSpeed96FiveMinutesAreAnEightHourSchoolDay() throws Exception {
    SchoolScenario scenario = scenario(1);
    Day day = run(scenario);

    Instant virtualStart = day.clock().virtualStart();
    assertThat(LocalTime.ofInstant(virtualStart, scenario.zone())).isEqualTo(LocalTime.of(6, 55));
    assertThat(Duration.between(virtualStart, day.clock().instant()))
        .isEqualTo(Duration.ofHours(8));
    assertThat(day.events().get(0)).startsWith("06:55:24 0 ");
    assertThat(day.events()).anySatisfy(e -> assertThat(e).startsWith("07:20:12 38 "));
    assertThat(day.events()).anySatisfy(e -> assertThat(e).startsWith("12:00:12 0 "));
    assertThat(day.events().get(day.events().size() - 1)).startsWith("14:55:00 38 ");
    assertThat(day.peakOccupants()).isEqualTo(38);
    // The pupils of the morning's first lesson and the afternoon's reached the door reader.
    assertThat(day.taps()).isGreaterThan(38);
    // CO2 rose with the class in the room.
    double co2At0720 = co2(day, "07:20:12");
    assertThat(co2At0720).isGreaterThan(800);
    // A real minute maps back to 96 virtual ones.
    assertThat(day.clock().realDurationOf(Duration.ofMinutes(96))).isEqualTo(Duration.ofMinutes(1));
    assertThat(day.clock().realTimeOf(virtualStart.plus(Duration.ofHours(8))))
        .isEqualTo(REAL_START.plus(Duration.ofMinutes(5)));
  }

  private static double co2(Day day, String time) {
    String event =
        day.events().stream().filter(e -> e.startsWith(time + " ")).findFirst().orElseThrow();
    return Double.parseDouble(event.split(" ")[2]);
  }
}
