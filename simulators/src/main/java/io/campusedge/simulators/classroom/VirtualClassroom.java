package io.campusedge.simulators.classroom;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.drivers.bus.Buses;
import io.campusedge.drivers.sim.ClassroomClimateModel;
import io.campusedge.simulators.bus.FakeBuses;
import io.campusedge.simulators.devices.attendance.Mfrc522Chip;
import io.campusedge.simulators.devices.attendance.VirtualCard;
import io.campusedge.simulators.devices.av.PjlinkProjectorSim;
import io.campusedge.simulators.devices.av.SmartBoardSim;
import io.campusedge.simulators.devices.env.Bh1750Chip;
import io.campusedge.simulators.devices.env.Bme280Chip;
import io.campusedge.simulators.devices.env.Mcp3008Chip;
import io.campusedge.simulators.devices.env.PirSensor;
import io.campusedge.simulators.devices.env.Scd4xChip;
import io.campusedge.simulators.devices.lab.FumeHoodSim;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One classroom's air, light, noise and people, felt by register-level chip models on a fake
 * Raspberry Pi wired as in docs/hardware.md: BME280 (I2C 1, 0x76), SCD41 (0x62), BH1750 (0x23), a
 * PIR on GPIO 17, an MCP3008 sound input on SPI 0.0 and an MFRC522 card reader at the door on SPI
 * 0.1. The gateway agent reads them with the real drivers, so the demo exercises the production
 * code from the register up.
 *
 * <p>Each pupil has a student card (a 7-byte MIFARE UID drawn from the room's seed). When the
 * timetable brings pupils in, they queue at the door and hold their card to the reader one at a
 * time, about one per second.
 */
public final class VirtualClassroom implements AutoCloseable {
  static final int I2C_BUS = 1;
  static final int PIR_PIN = 17;
  static final int READER_CHIP_SELECT = 1;

  /** Sound module calibration used for the demo: 1 V RMS at the ADC is 60 dB(A). */
  static final double DB_AT_ONE_VOLT = 60;

  private static final double SEA_LEVEL_PA = 100_900;

  private final String roomId;
  private final ClassroomClimateModel model;
  private final Clock clock;
  private final FakeBuses buses = new FakeBuses();
  private final Bme280Chip bme280 = Bme280Chip.bme280();
  private final Scd4xChip scd41;
  private final Bh1750Chip bh1750 = new Bh1750Chip();
  private final Mcp3008Chip mcp3008 = new Mcp3008Chip(3.3);
  private final PirSensor pir;
  private final Mfrc522Chip doorReader = new Mfrc522Chip();
  private final List<VirtualCard> studentCards;
  private final ArrayDeque<VirtualCard> atTheDoor = new ArrayDeque<>();
  private VirtualCard onTheReader;
  private int inside;
  private AttendanceHabits habits = AttendanceHabits.NONE;
  private final long seed;
  // The lesson under way: when its first pupil arrived, and who comes late to it.
  private Instant lessonArrival;
  private final List<VirtualCard> lateGroup = new ArrayList<>();
  private Equipment equipment = Equipment.none();
  private final ScheduledExecutorService ticker;

  /** A room whose physics advance every second on its own thread. */
  public VirtualClassroom(
      String roomId, ClassroomClimateModel model, Clock clock, int students, long seed) {
    this(roomId, model, clock, students, seed, Duration.ofSeconds(1));
  }

  /**
   * A room that advances every {@code tickEvery} of real time on its own thread; a simulation
   * running faster than real time ticks more often, so pupils still reach the door reader one card
   * per tick.
   */
  public VirtualClassroom(
      String roomId,
      ClassroomClimateModel model,
      Clock clock,
      int students,
      long seed,
      Duration tickEvery) {
    this(roomId, model, clock, students, seed, tickEvery, true);
  }

  /** With {@code ticking} false, only {@link #tick()} advances the room (for tests). */
  VirtualClassroom(
      String roomId,
      ClassroomClimateModel model,
      Clock clock,
      int students,
      long seed,
      boolean ticking) {
    this(roomId, model, clock, students, seed, Duration.ofSeconds(1), ticking);
  }

  private VirtualClassroom(
      String roomId,
      ClassroomClimateModel model,
      Clock clock,
      int students,
      long seed,
      Duration tickEvery,
      boolean ticking) {
    this.roomId = roomId;
    this.model = model;
    this.clock = clock;
    this.scd41 = new Scd4xChip(clock);
    this.studentCards = studentCards(students, seed);
    this.seed = seed;
    buses.attachI2c(I2C_BUS, 0x76, bme280);
    buses.attachI2c(I2C_BUS, 0x62, scd41);
    buses.attachI2c(I2C_BUS, 0x23, bh1750);
    buses.attachSpi(0, 0, mcp3008);
    buses.attachSpi(0, READER_CHIP_SELECT, doorReader);
    this.pir = new PirSensor(buses.pin(PIR_PIN));
    tick();
    if (ticking) {
      this.ticker =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "classroom-" + roomId);
                thread.setDaemon(true);
                return thread;
              });
      long every = Math.max(50, tickEvery.toMillis());
      ticker.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
    } else {
      this.ticker = null;
    }
  }

  public Buses buses() {
    return buses;
  }

  /** The room's chips, exposed so tests and chaos runs can inject faults. */
  public FakeBuses fakeBuses() {
    return buses;
  }

  /**
   * A networked device in the room (projector, interactive board, lab fume hood): a protocol-level
   * simulator on loopback that the agent reaches over TCP like the real device. The timetable
   * drives it: a projector or board is switched on while most of the class is in and goes to
   * standby when the room empties; a fume hood's sash is raised during lessons.
   */
  public sealed interface Equipment extends AutoCloseable {
    /** The device entry for the gateway configuration, or none. */
    java.util.Optional<AgentConfig.Device> device(String roomId, String prefix);

    void classInSession(boolean inSession);

    @Override
    void close();

    static Equipment none() {
      return new NoEquipment();
    }

    /** A PJLink class 2 projector with a password and a lamp that ages 1 h per real minute. */
    static Equipment projector(String password) throws java.io.IOException {
      return new Projector(
          new PjlinkProjectorSim(
                  PjlinkProjectorSim.Settings.defaults()
                      .withPassword(password)
                      .withPowerDelays(Duration.ofSeconds(5), Duration.ofSeconds(5))
                      .withLamp(true, 1200, 1.0 / 60))
              .start(),
          password);
    }

    /** A SMART interactive flat panel answering ASCII commands on TCP. */
    static Equipment smartBoard() throws java.io.IOException {
      SmartBoardSim board = new SmartBoardSim();
      board.start(0);
      return new SmartBoard(board);
    }

    /** A fume hood controller on Modbus TCP: face velocity, sash, exhaust temperature, fan. */
    static Equipment fumeHood() throws java.io.IOException {
      FumeHoodSim hood = new FumeHoodSim(1, true);
      hood.start(0);
      return new FumeHood(hood);
    }
  }

  private record FumeHood(FumeHoodSim sim) implements Equipment {
    @Override
    public java.util.Optional<AgentConfig.Device> device(String roomId, String prefix) {
      return java.util.Optional.of(
          new AgentConfig.Device(
              prefix + "-fume-hood",
              "modbus-tcp",
              roomId,
              Duration.ofSeconds(5),
              Map.of(
                  "host",
                  "127.0.0.1",
                  "port",
                  sim.port(),
                  "unitId",
                  1,
                  "registers",
                  FumeHoodSim.registerMap())));
    }

    @Override
    public void classInSession(boolean inSession) {
      sim.sashPercent(inSession ? 40 : 10);
    }

    @Override
    public void close() {
      sim.close();
    }
  }

  private record NoEquipment() implements Equipment {
    @Override
    public java.util.Optional<AgentConfig.Device> device(String roomId, String prefix) {
      return java.util.Optional.empty();
    }

    @Override
    public void classInSession(boolean inSession) {}

    @Override
    public void close() {}
  }

  private record Projector(PjlinkProjectorSim sim, String password) implements Equipment {
    @Override
    public java.util.Optional<AgentConfig.Device> device(String roomId, String prefix) {
      return java.util.Optional.of(
          new AgentConfig.Device(
              prefix + "-projector",
              "pjlink",
              roomId,
              Duration.ofSeconds(10),
              Map.of("host", "127.0.0.1", "port", sim.port(), "password", password)));
    }

    @Override
    public void classInSession(boolean inSession) {
      sim.pressPower(inSession);
    }

    @Override
    public void close() {
      sim.close();
    }
  }

  private record SmartBoard(SmartBoardSim sim) implements Equipment {
    @Override
    public java.util.Optional<AgentConfig.Device> device(String roomId, String prefix) {
      return java.util.Optional.of(
          new AgentConfig.Device(
              prefix + "-board",
              "display-board",
              roomId,
              Duration.ofSeconds(10),
              Map.of("profile", "smart-mx", "host", "127.0.0.1", "port", sim.port())));
    }

    @Override
    public void classInSession(boolean inSession) {
      sim.pressPower(inSession);
    }

    @Override
    public void close() {
      sim.close();
    }
  }

  /** Puts a device in the room (before the agent reads {@link #devices}). */
  public synchronized void install(Equipment equipment) {
    this.equipment.close();
    this.equipment = equipment;
    inSession = null;
  }

  private Boolean inSession;

  /**
   * In session while most of the class is in, out of session when the room is empty (breaks change
   * nothing); the equipment hears only of a change.
   */
  private synchronized void equipmentTick(int occupants) {
    boolean in = occupants > 0 && occupants >= studentCards.size() / 2;
    if ((occupants == 0 || in) && (inSession == null || inSession != in)) {
      equipment.classInSession(in);
      inSession = in;
    }
  }

  /**
   * How the pupils come to lessons: each day some stay home ({@code absentShare}), in each lesson
   * some arrive {@code lateBy} after the first pupil ({@code lateShare}), and with {@code
   * visitorChance} someone taps a card nobody registered (a visitor, a lost card). Drawn from the
   * room's seed and the day, so a run is reproducible.
   */
  public record AttendanceHabits(
      double absentShare, double lateShare, Duration lateBy, double visitorChance) {
    public static final AttendanceHabits NONE = new AttendanceHabits(0, 0, Duration.ZERO, 0);

    /**
     * A usual school: one pupil in 25 absent, one in 12 late by 8 minutes, a visitor now and then.
     */
    public static final AttendanceHabits USUAL =
        new AttendanceHabits(0.04, 0.08, Duration.ofMinutes(8), 0.1);
  }

  public synchronized void attendanceHabits(AttendanceHabits habits) {
    this.habits = habits;
  }

  /** The pupils' student cards, so a test can hold one to the reader. */
  public List<VirtualCard> studentCards() {
    return studentCards;
  }

  /** The door reader's chip, for tests and fault injection. */
  public Mfrc522Chip doorReader() {
    return doorReader;
  }

  private static List<VirtualCard> studentCards(int students, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<VirtualCard> cards = new ArrayList<>(students);
    for (int i = 0; i < students; i++) {
      // NXP 7-byte UIDs start with the manufacturer code 0x04 (ISO/IEC 7816-6).
      cards.add(VirtualCard.of(String.format("04%012X", random.nextLong(1L << 48))));
    }
    return List.copyOf(cards);
  }

  /** Pupils arriving queue at the door; one card is on the reader per tick. */
  private synchronized void doorTick(int occupants) {
    if (onTheReader != null) {
      doorReader.remove(onTheReader);
      onTheReader = null;
    }
    Instant now = clock.instant();
    if (occupants == 0) {
      inside = 0;
      atTheDoor.clear();
      lateGroup.clear();
      lessonArrival = null;
    } else if (lessonArrival == null) {
      lessonArrival = now;
      if (draw(now.getEpochSecond() / 60, -1) < habits.visitorChance()) {
        atTheDoor.add(VirtualCard.of(String.format("04%012X", 0xF0_0000_0000L + inside)));
      }
    }
    long day = LocalDate.ofInstant(now, ZoneOffset.UTC).toEpochDay();
    while (inside < Math.min(occupants, studentCards.size())) {
      int pupil = inside++;
      if (draw(day, pupil) < habits.absentShare()) {
        continue; // stays home today
      }
      if (draw(lessonArrival.getEpochSecond() / 60, pupil) < habits.lateShare()) {
        lateGroup.add(studentCards.get(pupil));
      } else {
        atTheDoor.add(studentCards.get(pupil));
      }
    }
    if (!lateGroup.isEmpty() && !now.isBefore(lessonArrival.plus(habits.lateBy()))) {
      atTheDoor.addAll(lateGroup);
      lateGroup.clear();
    }
    onTheReader = atTheDoor.poll();
    if (onTheReader != null) {
      doorReader.place(onTheReader);
    }
  }

  /** A number in [0, 1) fixed by the room's seed, {@code when} and {@code pupil}. */
  private double draw(long when, int pupil) {
    return new SplittableRandom(seed * 1_000_003L + when * 7_919L + pupil).nextDouble();
  }

  /** What the card reader has on it now, if anything (for tests and traces). */
  synchronized java.util.Optional<VirtualCard> cardOnReader() {
    return java.util.Optional.ofNullable(onTheReader);
  }

  /** The room as the last tick left it. */
  synchronized ClassroomClimateModel.Snapshot lastSnapshot() {
    return lastSnapshot;
  }

  private ClassroomClimateModel.Snapshot lastSnapshot;

  /** Advances the room's physics to now and sets what each chip will measure. */
  void tick() {
    ClassroomClimateModel.Snapshot room = model.advance(clock.millis());
    synchronized (this) {
      lastSnapshot = room;
    }
    doorTick(room.occupants());
    equipmentTick(room.occupants());
    bme280.air(room.temperatureCelsius(), SEA_LEVEL_PA, room.humidityPercent());
    scd41.air((int) Math.round(room.co2Ppm()), room.temperatureCelsius(), room.humidityPercent());
    bh1750.lux(room.illuminanceLux());
    mcp3008.tone(0, Math.pow(10, (room.noiseDb() - DB_AT_ONE_VOLT) / 20), 20);
    if (room.occupants() > 0) {
      pir.motion(System.nanoTime(), 300_000_000L);
    }
  }

  /** The gateway configuration's device list for this room's sensors. */
  public List<AgentConfig.Device> devices(Duration pollInterval) {
    String prefix = roomId.toLowerCase(Locale.ROOT);
    List<AgentConfig.Device> devices = new ArrayList<>(sensors(prefix, pollInterval));
    equipment.device(roomId, prefix).ifPresent(devices::add);
    return List.copyOf(devices);
  }

  private List<AgentConfig.Device> sensors(String prefix, Duration pollInterval) {
    return List.of(
        device(prefix + "-bme280", "bme280", pollInterval, Map.of("bus", I2C_BUS, "address", 0x76)),
        device(prefix + "-scd41", "scd4x", pollInterval, Map.of("bus", I2C_BUS)),
        device(prefix + "-bh1750", "bh1750", pollInterval, Map.of("bus", I2C_BUS, "address", 0x23)),
        device(prefix + "-pir", "pir", pollInterval, Map.of("pin", PIR_PIN, "hold", "2m")),
        device(
            prefix + "-sound",
            "mcp3008-sound",
            pollInterval,
            Map.of("bus", 0, "chipSelect", 0, "channel", 0, "dbOffset", DB_AT_ONE_VOLT)),
        device(
            prefix + "-door",
            "mfrc522",
            Duration.ofMillis(200),
            Map.of("bus", 0, "chipSelect", READER_CHIP_SELECT, "repeatWindow", "3s")));
  }

  private AgentConfig.Device device(
      String id, String type, Duration pollInterval, Map<String, Object> params) {
    return new AgentConfig.Device(id, type, roomId, pollInterval, params);
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    equipment.close();
  }
}
