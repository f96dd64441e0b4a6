package io.campusedge.simulators.demo;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.drivers.api.SiteKey;
import java.nio.file.Path;
import java.util.List;

/** The demo school: one gateway per room, each reading a virtual classroom's sensors. */
record DemoSchool(String site, List<Classroom> classrooms) {

  /**
   * One room, its gateway and its pupils. {@code lightSensorUnplugged} leaves the room's BH1750 off
   * the bus, so the demo shows what a technician sees for a missing sensor.
   */
  record Classroom(
      String roomId,
      String roomName,
      int students,
      boolean lightSensorUnplugged,
      Equipment equipment) {
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
            new Classroom("B201", "Phòng thí nghiệm Hóa", 24, true, Equipment.FUME_HOOD)));
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
