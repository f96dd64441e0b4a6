package io.campusedge.simulators.devices.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.api.RecordSink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The LADS view of the simulator (DI DeviceSet → LADS device → FunctionalUnitSet → functional unit
 * with FunctionalUnitState/CurrentState, ProgramManager/ActiveProgram/DeviceProgramRunId and
 * FunctionSet), read by the driver through browse paths, and checked with a plain Milo client for
 * the namespaces of its browse names and type definitions.
 */
class OpcUaLadsViewIT implements RecordSink {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String ROTOR = "DeviceSet/Centrifuge1/FunctionalUnitSet/Rotor";
  private static final String CHAMBER = "DeviceSet/Incubator1/FunctionalUnitSet/Chamber";

  private final Map<String, Reading> latest = new ConcurrentHashMap<>();
  private final List<EquipmentEvent> events = new CopyOnWriteArrayList<>();
  private LabInstrumentServer server;
  private DeviceDriver driver;

  @BeforeEach
  void start() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-03-02T02:00:00Z"), ZoneOffset.UTC);
    server = new LabInstrumentServer(clock).start(0);
    Map<String, Object> params =
        Map.of(
            "endpoint",
            server.endpointUrl(),
            "publishingInterval",
            "100ms",
            "samplingInterval",
            "50ms",
            "requestTimeout",
            "5s",
            "points",
            List.of(
                Map.of(
                    "metric",
                    "rotor_state",
                    "path",
                    ROTOR + "/FunctionalUnitState/CurrentState",
                    "kind",
                    "state"),
                Map.of(
                    "metric",
                    "run_id",
                    "path",
                    ROTOR + "/ProgramManager/ActiveProgram/DeviceProgramRunId",
                    "kind",
                    "run"),
                Map.of(
                    "metric",
                    "speed",
                    "unit",
                    "/min",
                    "path",
                    ROTOR + "/FunctionSet/Speed/SensorValue"),
                Map.of(
                    "metric",
                    "temperature",
                    "unit",
                    "Cel",
                    "path",
                    CHAMBER + "/FunctionSet/Temperature/CurrentValue")));
    driver =
        DriverRegistry.load()
            .create(new DeviceSpec("lab1-lads", "opcua", "LAB1", Duration.ofSeconds(1), params));
    driver.open(new DriverContext(this, clock));
  }

  @AfterEach
  void stop() {
    driver.close();
    server.close();
  }

  private Reading pollFor(String metric, Predicate<Reading> what) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              driver.poll();
              Reading r = latest.get(metric);
              return r != null && what.test(r);
            });
    return latest.get(metric);
  }

  @Test
  void theDriverFollowsAFunctionalUnitThroughLadsBrowsePaths() {
    assertThat(pollFor("rotor_state", r -> true).getStringValue()).isEqualTo("Stopped");
    assertThat(pollFor("temperature", r -> true).getDoubleValue()).isEqualTo(37.0);
    assertThat(server.startRun("PELLET-5MIN")).isTrue();
    server.tick(Duration.ofSeconds(1));
    assertThat(pollFor("run_id", r -> !r.getStringValue().isEmpty()).getStringValue())
        .isEqualTo("RUN-0001");
    assertThat(pollFor("rotor_state", r -> r.getStringValue().equals("Running")).getStringValue())
        .isEqualTo("Running");
    assertThat(pollFor("speed", r -> r.getDoubleValue() > 0).getDoubleValue()).isEqualTo(2000.0);
    assertThat(events)
        .extracting(EquipmentEvent::getKind)
        .contains(
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED,
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED);
  }

  @Test
  void browseNamesAndTypesAreInTheLadsAndDiNamespaces() throws Exception {
    OpcUaClient client = OpcUaClient.create(server.endpointUrl());
    try {
      client.connect();
      var table = client.getNamespaceTable();
      int lads = table.getIndex(LadsNamespaces.LADS_URI).intValue();
      int di = table.getIndex(LadsNamespaces.DI_URI).intValue();

      ReferenceDescription deviceSet =
          child(client, NodeIds.ObjectsFolder, "DeviceSet").orElseThrow();
      assertThat(deviceSet.getBrowseName().getNamespaceIndex().intValue()).isEqualTo(di);
      NodeId deviceSetId = deviceSet.getNodeId().toNodeId(table).orElseThrow();
      assertThat(deviceSetId).isEqualTo(new NodeId(di, 5001));

      ReferenceDescription centrifuge = child(client, deviceSetId, "Centrifuge1").orElseThrow();
      assertThat(typeOf(client, centrifuge)).isEqualTo(new NodeId(lads, 1002)); // LADSDeviceType
      NodeId cf = centrifuge.getNodeId().toNodeId(table).orElseThrow();
      ReferenceDescription units = child(client, cf, "FunctionalUnitSet").orElseThrow();
      assertThat(units.getBrowseName().getNamespaceIndex().intValue()).isEqualTo(lads);
      ReferenceDescription rotor =
          child(client, units.getNodeId().toNodeId(table).orElseThrow(), "Rotor").orElseThrow();
      assertThat(typeOf(client, rotor)).isEqualTo(new NodeId(lads, 1003)); // FunctionalUnitType
      NodeId rotorId = rotor.getNodeId().toNodeId(table).orElseThrow();
      ReferenceDescription state = child(client, rotorId, "FunctionalUnitState").orElseThrow();
      assertThat(state.getBrowseName().getNamespaceIndex().intValue()).isEqualTo(lads);
      assertThat(typeOf(client, state)).isEqualTo(new NodeId(lads, 1043));
      ReferenceDescription current =
          child(client, state.getNodeId().toNodeId(table).orElseThrow(), "CurrentState")
              .orElseThrow();
      assertThat(current.getBrowseName().getNamespaceIndex().intValue()).isZero();
      ReferenceDescription programs = child(client, rotorId, "ProgramManager").orElseThrow();
      assertThat(typeOf(client, programs)).isEqualTo(new NodeId(lads, 1006));
      ReferenceDescription active =
          child(client, programs.getNodeId().toNodeId(table).orElseThrow(), "ActiveProgram")
              .orElseThrow();
      assertThat(typeOf(client, active)).isEqualTo(new NodeId(lads, 1040));
    } finally {
      client.disconnect();
    }
  }

  private static Optional<ReferenceDescription> child(
      OpcUaClient client, NodeId parent, String name) throws Exception {
    ReferenceDescription[] refs =
        client
            .browse(
                new BrowseDescription(
                    parent,
                    BrowseDirection.Forward,
                    NodeIds.HierarchicalReferences,
                    true,
                    uint(0),
                    uint(BrowseResultMask.All.getValue())))
            .getReferences();
    return Arrays.stream(refs == null ? new ReferenceDescription[0] : refs)
        .filter(r -> r.getBrowseName().getName().equals(name))
        .findFirst();
  }

  private static NodeId typeOf(OpcUaClient client, ReferenceDescription ref) {
    return ref.getTypeDefinition().toNodeId(client.getNamespaceTable()).orElseThrow();
  }

  @Override
  public void reading(Reading reading) {
    latest.put(reading.getMetric(), reading);
  }

  @Override
  public void cardTap(CardTap tap) {}

  @Override
  public void equipmentEvent(EquipmentEvent event) {
    events.add(event);
  }

  @Override
  public void deviceStatus(DeviceStatus status) {}
}
