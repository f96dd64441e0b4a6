package io.campusedge.simulators.demo;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.drivers.api.SiteKey;
import io.campusedge.simulators.classroom.SchoolScenario;
import java.nio.file.Path;
import java.util.List;

/** The demo school: one gateway per room, each reading a virtual classroom's sensors. */
record DemoSchool(String site, List<Classroom> classrooms) {

  /**
   * One room, its gateway and its pupils, and the class the timetable puts in it ({@code classId},
   * {@code classTitle}). {@code lightSensorUnplugged} leaves the room's BH1750 off the bus, so the
   * demo shows what a technician sees for a missing sensor.
   */
  record Classroom(
      String roomId,
      String roomName,
      String classId,
      String classTitle,
      int students,
      boolean lightSensorUnplugged,
      Equipment equipment) {
    /** A homeroom: the class is named after the room ("Lớp 10A1" holds class 10A1). */
    Classroom(
        String roomId,
        String roomName,
        int students,
        boolean lightSensorUnplugged,
        Equipment equipment) {
      this(
          roomId,
          roomName,
          roomName.replace("Lớp ", "").strip(),
          roomName,
          students,
          lightSensorUnplugged,
          equipment);
    }

    String gatewayId() {
      return "gw-" + roomId.toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The room's networked device: what lessons are shown on, or the lab's fume hood. */
  enum Equipment {
    NONE,
    PJLINK_PROJECTOR,
    SMART_BOARD,
    FUME_HOOD
  }

  /** The school a scenario file describes ({@code demo-school.yaml} is the standard one). */
  static DemoSchool from(SchoolScenario scenario) {
    List<Classroom> rooms = new java.util.ArrayList<>();
    for (SchoolScenario.Room room : scenario.rooms()) {
      rooms.add(
          new Classroom(
              room.id(),
              room.name(),
              room.classId(),
              room.classTitle(),
              room.students(),
              room.lightSensorUnplugged(),
              Equipment.valueOf(room.equipment().name())));
    }
    return new DemoSchool(scenario.site(), rooms);
  }

  /** The agent configuration of one classroom's gateway, reading its virtual classroom. */
  static AgentConfig agentConfig(
      String site,
      Classroom room,
      List<AgentConfig.Device> devices,
      String brokerUrl,
      String password,
      SiteKey siteKey,
      Path dataDir) {
    return new AgentConfig(
        site,
        room.gatewayId(),
        dataDir.resolve("agents").resolve(room.gatewayId()),
        new AgentConfig.Broker(
            brokerUrl, java.util.Optional.of(room.gatewayId()), java.util.Optional.of(password)),
        List.of(new AgentConfig.Room(room.roomId(), room.roomName())),
        devices,
        AgentConfig.UplinkSettings.DEFAULTS,
        new AgentConfig.ClockSettings(true),
        AgentConfig.OutboxSettings.DEFAULTS,
        java.util.Optional.of(siteKey));
  }
}
