package io.campusedge.simulators.demo;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.drivers.sim.SimulatedClimateFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The demo school: one gateway per room, each with a simulated classroom sensor. */
record DemoSchool(String site, List<Classroom> classrooms) {

  /** One room, its gateway and the simulated sensor's parameters. */
  record Classroom(String roomId, String roomName, int students, long failEvery) {
    String gatewayId() {
      return "gw-" + roomId.toLowerCase(java.util.Locale.ROOT);
    }
  }

  static DemoSchool standard() {
    return new DemoSchool(
        "THPT-DEMO",
        List.of(
            new Classroom("A101", "Lớp 10A1", 38, 0),
            new Classroom("A102", "Lớp 10A2", 42, 0),
            new Classroom("B201", "Phòng thí nghiệm Hóa", 24, 15)));
  }

  /** The agent configuration of one classroom's gateway. */
  static AgentConfig agentConfig(
      String site,
      Classroom room,
      String brokerUrl,
      String password,
      Path dataDir,
      Duration pollInterval,
      int seed) {
    AgentConfig.Device sensor =
        new AgentConfig.Device(
            room.roomId().toLowerCase(java.util.Locale.ROOT) + "-climate",
            SimulatedClimateFactory.TYPE,
            room.roomId(),
            pollInterval,
            Map.of("seed", seed, "students", room.students(), "failEvery", room.failEvery()));
    return new AgentConfig(
        site,
        room.gatewayId(),
        dataDir.resolve("agents").resolve(room.gatewayId()),
        new AgentConfig.Broker(
            brokerUrl, java.util.Optional.of(room.gatewayId()), java.util.Optional.of(password)),
        List.of(new AgentConfig.Room(room.roomId(), room.roomName())),
        List.of(sensor),
        AgentConfig.UplinkSettings.DEFAULTS,
        new AgentConfig.ClockSettings(true));
  }
}
