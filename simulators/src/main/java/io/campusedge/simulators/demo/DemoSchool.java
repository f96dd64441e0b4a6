package io.campusedge.simulators.demo;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.drivers.api.SiteKey;
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
    PJLINK_PROJECTOR,
    SMART_BOARD,
    FUME_HOOD
  }

  static DemoSchool standard() {
    return new DemoSchool(
        "THPT-DEMO",
        List.of(
            new Classroom("A101", "Lớp 10A1", 38, false, Equipment.PJLINK_PROJECTOR),
            new Classroom("A102", "Lớp 10A2", 42, false, Equipment.SMART_BOARD),
            new Classroom("A103", "Lớp 10A3", 40, false, Equipment.PJLINK_PROJECTOR),
            new Classroom("A104", "Lớp 10A4", 36, false, Equipment.SMART_BOARD),
            new Classroom("A201", "Lớp 11A1", 41, false, Equipment.PJLINK_PROJECTOR),
            new Classroom("A202", "Lớp 11A2", 39, false, Equipment.SMART_BOARD),
            new Classroom("A203", "Lớp 12A1", 37, false, Equipment.PJLINK_PROJECTOR),
            new Classroom(
                "B101",
                "Phòng thí nghiệm Vật lý",
                "12A2-LY",
                "Lớp 12A2 - Thực hành Vật lý",
                28,
                false,
                Equipment.SMART_BOARD),
            new Classroom(
                "B201",
                "Phòng thí nghiệm Hóa",
                "11A1-HOA",
                "Lớp 11A1 - Thực hành Hóa",
                24,
                true,
                Equipment.FUME_HOOD),
            new Classroom(
                "C101",
                "Phòng Tin học",
                "10A5-TIN",
                "Lớp 10A5 - Tin học",
                35,
                false,
                Equipment.PJLINK_PROJECTOR)));
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
