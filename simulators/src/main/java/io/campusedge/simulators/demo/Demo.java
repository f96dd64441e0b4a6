package io.campusedge.simulators.demo;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.Durations;
import io.campusedge.agent.api.EdgeAgent;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.api.SiteKey;
import io.campusedge.hub.CampusHub;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.internal.security.SiteKeys;
import io.campusedge.simulators.classroom.ScenarioClassrooms;
import io.campusedge.simulators.classroom.SchoolScenario;
import io.campusedge.simulators.classroom.SchoolScenarioFile;
import io.campusedge.simulators.classroom.SimulationClock;
import io.campusedge.simulators.classroom.VirtualClassroom;
import io.campusedge.simulators.devices.attendance.VirtualCard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts a campus hub with its embedded broker and one simulated classroom gateway per demo room,
 * all in this JVM, prints where to look, and stops everything on Ctrl-C.
 */
@Command(
    name = "campusedge-demo",
    mixinStandardHelpOptions = true,
    description = "CampusEdge demo: hub, embedded MQTT broker and simulated classrooms.")
public final class Demo implements Callable<Integer> {
  static final String OBSERVER = "observer";
  static final String ADMIN = "admin";

  @Option(
      names = "--data-dir",
      defaultValue = "demo-data",
      description =
          "Where the hub database and the gateway outboxes live (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--http-port", defaultValue = "8080", description = "HTTP API port.")
  int httpPort;

  @Option(names = "--mqtt-port", defaultValue = "1883", description = "Embedded MQTT broker port.")
  int mqttPort;

  @Option(
      names = "--poll-interval",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "How often each simulated sensor is read (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(
      names = "--scenario",
      description =
          "The school to simulate, a YAML file like the built-in demo-school.yaml (rooms, weather,"
              + " timetable, attendance habits, seed, speed); see simulators/README.md.")
  Path scenarioFile;

  @Option(
      names = "--speed",
      description =
          "Simulated seconds per real second, overriding the scenario's (96: a school day in 5"
              + " minutes).")
  Double speed;

  @Option(
      names = "--start",
      description =
          "Where the virtual clock starts, overriding the scenario's: 'now' or a local time of day"
              + " such as 06:55 (with --speed, so the day begins at once).")
  String start;

  public static void main(String[] args) {
    // The agent and hub jars each carry their own logback.xml; the demo names its own.
    System.setProperty("logback.configurationFile", "campusedge-demo-logback.xml");
    System.exit(new CommandLine(new Demo()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    SchoolScenario scenario;
    try {
      scenario = scenario();
    } catch (SchoolScenarioFile.ScenarioException e) {
      System.err.println("The scenario cannot be used:\n" + e.getMessage());
      return 2;
    }
    DemoSchool school = DemoSchool.from(scenario);
    Path data = dataDir.toAbsolutePath().normalize();
    String observerPassword =
        System.getenv().getOrDefault("CAMPUSEDGE_DEMO_PASSWORD", "").isBlank()
            ? randomPassword()
            : System.getenv("CAMPUSEDGE_DEMO_PASSWORD");
    String adminPassword = adminPassword(data);
    Map<String, String> gatewayPasswords = new HashMap<>();
    school.classrooms().forEach(room -> gatewayPasswords.put(room.gatewayId(), randomPassword()));

    Map<String, Object> properties =
        hubProperties(school, data, observerPassword, gatewayPasswords, httpPort, mqttPort);
    properties.put("campusedge.security.bootstrap-admin.username", ADMIN);
    properties.put("campusedge.security.bootstrap-admin.password", adminPassword);
    RunningHub hub = CampusHub.start(properties);
    List<EdgeAgent> agents = new ArrayList<>();
    List<VirtualClassroom> classrooms = new ArrayList<>();
    List<AutoCloseable> closeables = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nStopping the demo: agents first, then the hub...");
                  agents.forEach(EdgeAgent::close);
                  classrooms.forEach(VirtualClassroom::close);
                  closeables.forEach(Demo::closeQuietly);
                  hub.close();
                  stopped.countDown();
                },
                "demo-shutdown"));

    DriverRegistry drivers = DriverRegistry.load();
    // The school's card-hashing key as the hub keeps it; a real gateway gets it at enrollment.
    io.campusedge.hub.internal.security.SiteKey hubKey =
        hub.applicationContext().getBean(SiteKeys.class).current(school.site());
    SiteKey siteKey = new SiteKey(hubKey.id(), hubKey.key());
    String projectorPassword = randomPassword();
    // Stands still until the cards are registered, so no lesson begins during start-up.
    SimulationClock clock =
        SimulationClock.paused(
            Clock.systemUTC(),
            scenario.virtualStart(Clock.systemUTC().instant()),
            scenario.speed());
    for (int index = 0; index < school.classrooms().size(); index++) {
      DemoSchool.Classroom room = school.classrooms().get(index);
      // Air, pupils, cards and habits (some stay home, some come late, now and then an
      // unregistered card) all follow from the scenario and its seed.
      VirtualClassroom classroom = ScenarioClassrooms.start(scenario, index, clock);
      classrooms.add(classroom);
      switch (room.equipment()) {
        case PJLINK_PROJECTOR ->
            classroom.install(VirtualClassroom.Equipment.projector(projectorPassword));
        case SMART_BOARD -> classroom.install(VirtualClassroom.Equipment.smartBoard());
        case FUME_HOOD -> classroom.install(VirtualClassroom.Equipment.fumeHood());
        case NONE -> {}
      }
      if (room.lightSensorUnplugged()) {
        classroom.fakeBuses().detachI2c(1, 0x23);
      }
      List<AgentConfig.Device> devices = new ArrayList<>(classroom.devices(pollInterval));
      if (room.equipment() == DemoSchool.Equipment.FUME_HOOD) {
        LabBench bench = LabBench.start();
        closeables.add(bench);
        devices.add(bench.device(room.roomId(), "b201"));
      }
      agents.add(
          EdgeAgent.start(
              DemoSchool.agentConfig(
                  school.site(),
                  room,
                  devices,
                  "tcp://localhost:" + hub.brokerPort(),
                  gatewayPasswords.get(room.gatewayId()),
                  siteKey,
                  data),
              drivers,
              classroom.buses()));
    }
    printWelcome(school, hub, data, observerPassword, adminPassword);
    System.out.printf(
        "Simulation   : %s, seed %d, speed %s, virtual clock from %s%n",
        scenarioFile == null ? "built-in demo-school.yaml" : scenarioFile,
        scenario.seed(),
        scenario.speed(),
        clock.virtualStart().atZone(scenario.zone()).toLocalDateTime());
    setUpAttendance(school, hub, classrooms, adminPassword, scenario, clock);
    clock.start(); // also when attendance could not be set up
    stopped.await();
    return 0;
  }

  /**
   * Imports the demo school's roster and timetable and registers the pupils' cards through the
   * hub's API; the demo goes on without attendance if a step is refused (the reason is printed).
   */
  private static void setUpAttendance(
      DemoSchool school,
      RunningHub hub,
      List<VirtualClassroom> classrooms,
      String adminPassword,
      SchoolScenario scenario,
      SimulationClock clock) {
    List<List<VirtualCard>> cards = new ArrayList<>();
    classrooms.forEach(classroom -> cards.add(classroom.studentCards()));
    DemoRoster roster =
        new DemoRoster(
            school.site(),
            DemoRoster.classesOf(school.classrooms(), cards),
            () -> DemoTimetable.lessons(scenario, clock));
    try {
      String summary =
          new DemoAttendance(hub.httpUrl(), school.site())
              .setUp(
                  ADMIN,
                  adminPassword,
                  roster,
                  school.classrooms().stream().map(DemoSchool.Classroom::roomId).toList(),
                  clock::start);
      String timetable =
          DemoTimetable.describe(DemoTimetable.lessons(scenario, clock), scenario, clock);
      System.out.printf(
          "Attendance   : %d pupils in %d classes, timetable %s, cards registered; taps at the"
              + " doors become marks:%n"
              + "  curl -H \"Authorization: Bearer $TOKEN\" %s/api/v1/sites/%s/attendance/sessions%n"
              + "  (%s)%n",
          roster.pupils(),
          school.classrooms().size(),
          timetable,
          hub.httpUrl(),
          school.site(),
          summary);
    } catch (IOException e) {
      System.out.println("Attendance was not set up: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The scenario file (or the built-in one) with the command line's overrides. */
  SchoolScenario scenario() throws SchoolScenarioFile.ScenarioException {
    SchoolScenarioFile files = new SchoolScenarioFile();
    SchoolScenario scenario = scenarioFile == null ? files.loadDefault() : files.load(scenarioFile);
    if (speed != null) {
      if (!(speed > 0 && speed <= 10_000)) {
        throw new SchoolScenarioFile.ScenarioException(
            List.of("--speed must be above 0 and at most 10000, not " + speed));
      }
      scenario = scenario.withSpeed(speed);
    }
    if (start != null) {
      try {
        scenario =
            scenario.withStart(start.equals("now") ? null : java.time.LocalTime.parse(start));
      } catch (java.time.DateTimeException e) {
        throw new SchoolScenarioFile.ScenarioException(
            List.of("--start must be 'now' or a time of day such as 06:55, not '" + start + "'"));
      }
    }
    return scenario;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // stopping anyway
    }
  }

  static Map<String, Object> hubProperties(
      DemoSchool school,
      Path data,
      String observerPassword,
      Map<String, String> gatewayPasswords,
      int httpPort,
      int mqttPort) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("campusedge.data-dir", data.resolve("hub").toString());
    properties.put("micronaut.server.port", httpPort);
    properties.put("campusedge.broker.port", mqttPort);
    List<Map<String, Object>> gateways = new ArrayList<>();
    for (DemoSchool.Classroom room : school.classrooms()) {
      gateways.add(
          Map.of(
              "id",
              room.gatewayId(),
              "site",
              school.site(),
              "password",
              gatewayPasswords.get(room.gatewayId())));
    }
    properties.put("campusedge.bootstrap.gateways", gateways);
    properties.put("campusedge.bootstrap.observer.username", OBSERVER);
    properties.put("campusedge.bootstrap.observer.password", observerPassword);
    return properties;
  }

  /**
   * The demo admin's password: {@code CAMPUSEDGE_DEMO_PASSWORD}, else the one this data folder was
   * first started with (the hub creates the admin only into an empty users table), else a new one.
   */
  static String adminPassword(Path data) throws IOException {
    String fromEnv = System.getenv().getOrDefault("CAMPUSEDGE_DEMO_PASSWORD", "");
    if (!fromEnv.isBlank()) {
      return fromEnv;
    }
    Path file = data.resolve("demo-admin-password");
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    String password = randomPassword();
    Files.createDirectories(data);
    Files.writeString(file, password, StandardCharsets.UTF_8);
    return password;
  }

  private static void printWelcome(
      DemoSchool school, RunningHub hub, Path data, String observerPassword, String adminPassword) {
    String http = hub.httpUrl().toString();
    System.out.printf(
        """

        CampusEdge demo is running — school %s, %d simulated classrooms.
          Data folder : %s
          Dashboard   : %s/   open it in a browser; it starts on the school overview
          Hub (HTTP)  : %s   user '%s', password '%s'
            TOKEN=$(curl -s -H 'Content-Type: application/json' \\
              -d '{"username":"%s","password":"%s"}' %s/login \\
              | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
          Rooms (REST): curl -H "Authorization: Bearer $TOKEN" %s/api/v1/rooms
          Live events : curl -N -H "Authorization: Bearer $TOKEN" %s/api/v1/events
          Health      : %s/health   (status only without a token)
          Ingest stats: curl -H "Authorization: Bearer $TOKEN" %s/api/v1/ingest/stats
          MQTT broker : tcp://localhost:%d  read-only user '%s', password '%s'
            mosquitto_sub -h localhost -p %d -u %s -P '%s' -t 'campusedge/v1/+/+/data' -C 1 -N \\
              | protoc --decode=campusedge.v1.Batch -I protos/src/main/proto campusedge/v1/batch.proto
        Press Ctrl-C to stop.
        """,
        school.site(),
        school.classrooms().size(),
        data,
        http,
        http,
        ADMIN,
        adminPassword,
        ADMIN,
        adminPassword,
        http,
        http,
        http,
        http,
        http,
        hub.brokerPort(),
        OBSERVER,
        observerPassword,
        hub.brokerPort(),
        OBSERVER,
        observerPassword);
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Accepts 500ms, 5s, 2m, 1h or ISO-8601 (PT5S), like the agent configuration. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Durations.parse(value)
          .orElseThrow(
              () -> new CommandLine.TypeConversionException("not a duration: '" + value + "'"));
    }
  }
}
