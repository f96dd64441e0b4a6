package io.campusedge.simulators.devices.lab;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectTypeNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;

/**
 * The two companion namespaces the LADS view of the simulator points into, reduced to what a client
 * sees of them: the namespace URIs, the type nodes the instances name as their type definition
 * (with the NodeIds of the published nodesets, but no members, so they are stand-ins, not the OPC
 * 30500 / OPC 10000-100 type definitions), and DI's DeviceSet folder.
 */
final class LadsNamespaces {
  static final String DI_URI = "http://opcfoundation.org/UA/DI/";
  static final String LADS_URI = "http://opcfoundation.org/UA/LADS/";

  /** DI's DeviceSet object (Opc.Ua.Di.NodeSet2, i=5001). */
  static final int DEVICE_SET = 5001;

  // LADS type NodeIds (Opc.Ua.LADS.NodeSet2): LADSDeviceType, FunctionalUnitType,
  // ProgramManagerType, ActiveProgramType, FunctionalUnitStateMachineType, and the function types
  // AnalogControlFunctionType and AnalogScalarSensorFunctionType.
  static final int LADS_DEVICE_TYPE = 1002;
  static final int FUNCTIONAL_UNIT_TYPE = 1003;
  static final int PROGRAM_MANAGER_TYPE = 1006;
  static final int ANALOG_CONTROL_FUNCTION_TYPE = 1009;
  static final int ANALOG_SCALAR_SENSOR_FUNCTION_TYPE = 1016;
  static final int ACTIVE_PROGRAM_TYPE = 1040;
  static final int FUNCTIONAL_UNIT_STATE_MACHINE_TYPE = 1043;

  private static final Map<Integer, String> LADS_TYPES =
      Map.of(
          LADS_DEVICE_TYPE, "LADSDeviceType",
          FUNCTIONAL_UNIT_TYPE, "FunctionalUnitType",
          PROGRAM_MANAGER_TYPE, "ProgramManagerType",
          ANALOG_CONTROL_FUNCTION_TYPE, "AnalogControlFunctionType",
          ANALOG_SCALAR_SENSOR_FUNCTION_TYPE, "AnalogScalarSensorFunctionType",
          ACTIVE_PROGRAM_TYPE, "ActiveProgramType",
          FUNCTIONAL_UNIT_STATE_MACHINE_TYPE, "FunctionalUnitStateMachineType");

  private LadsNamespaces() {}

  /** A namespace holding objects and types only: no variable to sample for monitored items. */
  private abstract static class ObjectsOnly extends ManagedNamespaceWithLifecycle {
    ObjectsOnly(OpcUaServer server, String uri) {
      super(server, uri);
    }

    @Override
    public void onDataItemsCreated(List<DataItem> items) {}

    @Override
    public void onDataItemsModified(List<DataItem> items) {}

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {}

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> items) {}
  }

  /** DI: only the DeviceSet folder below Objects, where LADS devices live. */
  static final class Di extends ObjectsOnly {
    private UaObjectNode deviceSet;

    Di(OpcUaServer server) {
      super(server, DI_URI);
      getLifecycleManager().addStartupTask(this::build);
    }

    private void build() {
      deviceSet =
          new UaObjectNode(
              getNodeContext(),
              newNodeId(DEVICE_SET),
              newQualifiedName("DeviceSet"),
              LocalizedText.english("DeviceSet"),
              LocalizedText.english("Devices of this server (OPC 10000-100)"),
              uint(0),
              uint(0));
      getNodeManager().addNode(deviceSet);
      deviceSet.addReference(
          new Reference(
              deviceSet.getNodeId(),
              NodeIds.HasTypeDefinition,
              NodeIds.BaseObjectType.expanded(),
              true));
      deviceSet.addReference(
          new Reference(
              deviceSet.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
    }

    NodeId deviceSetId() {
      return deviceSet.getNodeId();
    }

    /** DeviceSet → device (Organizes), the forward half kept in this namespace. */
    void organize(NodeId device) {
      deviceSet.addReference(
          new Reference(deviceSet.getNodeId(), NodeIds.Organizes, device.expanded(), true));
    }
  }

  /** LADS: the type nodes, as subtypes of BaseObjectType / FiniteStateMachineType. */
  static final class Lads extends ObjectsOnly {
    Lads(OpcUaServer server) {
      super(server, LADS_URI);
      getLifecycleManager().addStartupTask(this::build);
    }

    private void build() {
      LADS_TYPES.forEach(
          (id, name) -> {
            UaObjectTypeNode type =
                new UaObjectTypeNode(
                    getNodeContext(),
                    newNodeId(id),
                    newQualifiedName(name),
                    LocalizedText.english(name),
                    LocalizedText.english(name + " (stand-in: no members)"),
                    uint(0),
                    uint(0),
                    false);
            getNodeManager().addNode(type);
            NodeId supertype =
                id == FUNCTIONAL_UNIT_STATE_MACHINE_TYPE
                    ? NodeIds.FiniteStateMachineType
                    : NodeIds.BaseObjectType;
            type.addReference(
                new Reference(type.getNodeId(), NodeIds.HasSubtype, supertype.expanded(), false));
          });
    }

    NodeId type(int id) {
      return newNodeId(id);
    }

    QualifiedName name(String browseName) {
      return newQualifiedName(browseName);
    }
  }
}
