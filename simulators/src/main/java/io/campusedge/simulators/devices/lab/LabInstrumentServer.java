package io.campusedge.simulators.devices.lab;

import static io.campusedge.simulators.devices.lab.LadsNamespaces.ACTIVE_PROGRAM_TYPE;
import static io.campusedge.simulators.devices.lab.LadsNamespaces.FUNCTIONAL_UNIT_STATE_MACHINE_TYPE;
import static io.campusedge.simulators.devices.lab.LadsNamespaces.FUNCTIONAL_UNIT_TYPE;
import static io.campusedge.simulators.devices.lab.LadsNamespaces.LADS_DEVICE_TYPE;
import static io.campusedge.simulators.devices.lab.LadsNamespaces.PROGRAM_MANAGER_TYPE;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.model.objects.AlarmConditionTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.objects.BaseEventTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * An OPC UA server (Eclipse Milo, anonymous; security None, or Basic256Sha256 SignAndEncrypt with
 * {@link #secured(Path)}) with two lab instruments modelled loosely on LADS (OPC 30500-1): an
 * incubator and a centrifuge whose rotor is a functional unit with a state machine ({@code
 * CurrentState}, a LocalizedText as in OPC 10000-16 §4.4), the active program and run, and alarms
 * whose {@code ActiveState} carries a boolean {@code Id} property as AlarmConditionType does (OPC
 * 10000-9 §5.8.2). Node ids are {@code ns=2;s=<browse path>}, e.g. {@code
 * ns=2;s=Centrifuge1/Rotor/CurrentState}.
 *
 * <p>Faults: {@link #makeBad} a node, {@link #dropSessions}, and {@link #stop} then {@link
 * #start(int)} on the same port (the instruments' state survives, like a server process restart).
 */
public final class LabInstrumentServer implements AutoCloseable {
  static final String NAMESPACE_URI = "urn:campusedge:simulators:lab-instruments";
  static final String PATH = "/lab";
  static final String LADS_CENTRIFUGE = "DeviceSet/Centrifuge1";
  static final String LADS_INCUBATOR = "DeviceSet/Incubator1";

  private final LabInstruments lab;
  private final Map<String, StatusCode> badNodes = new ConcurrentHashMap<>();
  private final Map<String, Boolean> conditions = new ConcurrentHashMap<>();
  private ServerPki pki;
  private OpcUaServer server;
  private Instruments namespace;
  private int port = -1;

  public LabInstrumentServer(Clock clock) {
    this.lab = new LabInstruments(clock);
  }

  public LabInstrumentServer() {
    this(Clock.systemUTC());
  }

  /**
   * Serves only a Basic256Sha256 SignAndEncrypt endpoint (no None endpoint) with the certificate
   * and trust list kept in {@code pkiDir} (see {@link ServerPki}); call before {@link #start(int)}.
   */
  public synchronized LabInstrumentServer secured(Path pkiDir) {
    if (server != null) {
      throw new IllegalStateException("secure the server before starting it");
    }
    this.pki = new ServerPki(pkiDir);
    return this;
  }

  /** Starts on {@code port} of all interfaces; 0 picks a free port (kept for restarts). */
  public synchronized LabInstrumentServer start(int port) throws Exception {
    if (server != null) {
      throw new IllegalStateException("already running on port " + this.port);
    }
    int bind = port == 0 ? freePort() : port;
    EndpointConfig.Builder endpoint =
        EndpointConfig.newBuilder()
            .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
            .setBindAddress("0.0.0.0")
            .setBindPort(bind)
            .setHostname("localhost")
            .setPath(PATH)
            .setSecurityPolicy(SecurityPolicy.None)
            .setSecurityMode(MessageSecurityMode.None)
            .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
    CertificateManager certificates =
        new DefaultCertificateManager(new MemoryCertificateQuarantine());
    if (pki != null) {
      certificates = pki.open();
      ServerPki own = pki;
      endpoint
          .setSecurityPolicy(SecurityPolicy.Basic256Sha256)
          .setSecurityMode(MessageSecurityMode.SignAndEncrypt)
          .setCertificate(own::certificate);
    }
    OpcUaServerConfig config =
        OpcUaServerConfig.builder()
            .setApplicationName(LocalizedText.english("CampusEdge lab instrument simulator"))
            .setApplicationUri(ServerPki.APPLICATION_URI)
            .setProductUri("urn:campusedge:simulators")
            .setEndpoints(Set.of(endpoint.build()))
            .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
            .setCertificateManager(certificates)
            .build();
    OpcUaServer s =
        new OpcUaServer(
            config,
            profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    Instruments ns = new Instruments(s);
    ns.di = new LadsNamespaces.Di(s);
    ns.lads = new LadsNamespaces.Lads(s);
    ns.di.startup();
    ns.lads.startup();
    ns.startup();
    s.startup().get(10, TimeUnit.SECONDS);
    this.server = s;
    this.namespace = ns;
    this.port = bind;
    publish();
    return this;
  }

  /** Stops the server like a power cut of the instrument PC: every session and channel ends. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      namespace.shutdown();
      namespace.lads.shutdown();
      namespace.di.shutdown();
      server.shutdown().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Shutting down is best effort; the port is released with the transport.
    }
    if (pki != null) {
      pki.close();
    }
    server = null;
    namespace = null;
  }

  @Override
  public void close() {
    stop();
  }

  public synchronized int port() {
    return port;
  }

  public synchronized boolean running() {
    return server != null;
  }

  /** {@code opc.tcp://localhost:<port>/lab}. */
  public synchronized String endpointUrl() {
    return "opc.tcp://localhost:" + port + PATH;
  }

  /** The server's application certificate, once started with {@link #secured(Path)}. */
  public synchronized Optional<X509Certificate> certificate() {
    return pki == null || server == null ? Optional.empty() : Optional.of(pki.certificate());
  }

  /** The folder of client certificates the secured server refused ({@code <pki>/rejected}). */
  public Optional<Path> rejectedClients() {
    return Optional.ofNullable(pki).map(ServerPki::rejected);
  }

  /** The folder of client certificates the secured server accepts ({@code <pki>/trusted/certs}). */
  public Optional<Path> trustedClients() {
    return Optional.ofNullable(pki).map(ServerPki::trustedCerts);
  }

  /** "policy-uri mode" of every open session's channel (what a client really negotiated). */
  public synchronized List<String> sessionSecurityPolicies() {
    if (server == null) {
      return List.of();
    }
    return server.getSessionManager().getAllSessions().stream()
        .map(
            s ->
                s.getSecurityConfiguration().getSecurityPolicy().getUri()
                    + " "
                    + s.getSecurityConfiguration().getSecurityMode())
        .toList();
  }

  /** Moves the instruments on by {@code step} and publishes the new values. */
  public void tick(Duration step) {
    lab.tick(step);
    publish();
  }

  public boolean startRun(String programId) {
    boolean started = lab.startRun(programId);
    publish();
    return started;
  }

  public boolean stopRun() {
    boolean stopping = lab.stopRun();
    publish();
    return stopping;
  }

  public void doorOpen(boolean open) {
    lab.doorOpen(open);
    publish();
    alarmEvent(
        "Incubator1",
        "DoorAlarm",
        open,
        500,
        open ? "Incubator door is open" : "Incubator door is closed");
  }

  public void imbalance(boolean active) {
    lab.imbalance(active);
    publish();
    alarmEvent(
        "Centrifuge1",
        "ImbalanceAlarm",
        active,
        900,
        active ? "Rotor imbalance detected, run stopped" : "Rotor imbalance cleared");
  }

  /**
   * Reports a change of an alarm condition as an AlarmConditionType event (OPC 10000-9 §5.8)
   * through the Server object, the notifier of every event: condition name, source, Active/Inactive
   * with its {@code Id}, Retain while active, severity 1–1000.
   */
  private void alarmEvent(
      String source, String condition, boolean active, int severity, String message) {
    Boolean before = conditions.put(source + "/" + condition, active);
    if (before != null && before == active) {
      return;
    }
    Instruments ns;
    OpcUaServer s;
    synchronized (this) {
      ns = namespace;
      s = server;
    }
    if (ns == null || (before == null && !active)) {
      return;
    }
    try {
      ns.fireAlarm(s, source, condition, active, severity, message);
    } catch (UaException e) {
      throw new IllegalStateException("cannot create the alarm event: " + e.getMessage(), e);
    }
  }

  /** Makes a node report {@code statusName} (e.g. Bad_SensorFailure) instead of its value. */
  public void makeBad(String path, String statusName) {
    long code = statusCode(statusName);
    badNodes.put(path, new StatusCode(code));
    publish();
  }

  public void makeGood(String path) {
    badNodes.remove(path);
    publish();
  }

  /** Closes every client session (and its subscriptions) without stopping the server. */
  public synchronized int dropSessions() {
    if (server == null) {
      return 0;
    }
    List<Session> sessions = server.getSessionManager().getAllSessions();
    sessions.forEach(s -> server.getSessionManager().killSession(s.getSessionId(), true));
    return sessions.size();
  }

  /** Changes the incubator's set point as its front panel would. */
  public void setpointForTest(double celsius) {
    Instruments ns;
    synchronized (this) {
      ns = namespace;
    }
    lab.setpoint(celsius);
    if (ns != null) {
      ns.variables
          .get("Incubator1/TemperatureSetpoint")
          .setValue(dataValue(Variant.ofDouble(celsius), DateTime.now()));
    }
    publish();
  }

  public String rotorState() {
    return lab.rotorState();
  }

  public String runId() {
    return lab.runId();
  }

  public double setpoint() {
    syncSetpoint();
    return lab.setpoint();
  }

  /** A line for the console's {@code status}. */
  public String status() {
    syncSetpoint();
    return String.format(
        "incubator %.2f Cel (set %.1f), CO2 %.2f %%, door %s | centrifuge %s %.0f rpm, run '%s'"
            + " program '%s', imbalance %s | bad nodes %s",
        lab.temperature(),
        lab.setpoint(),
        lab.co2(),
        lab.doorOpen() ? "OPEN" : "closed",
        lab.rotorState(),
        lab.speed(),
        lab.runId(),
        lab.programId(),
        lab.imbalance() ? "ACTIVE" : "no",
        badNodes.keySet());
  }

  static long statusCode(String name) {
    try {
      return StatusCodes.class.getField(name).getLong(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "unknown status code '" + name + "' (e.g. Bad_SensorFailure, Bad_CommunicationError)");
    }
  }

  /** A client write to the set point node changes what the incubator holds. */
  private void syncSetpoint() {
    Instruments ns;
    synchronized (this) {
      ns = namespace;
    }
    if (ns == null) {
      return;
    }
    DataValue written = ns.variables.get("Incubator1/TemperatureSetpoint").getValue();
    if (written.getValue() != null && written.getValue().getValue() instanceof Double d) {
      lab.setpoint(d);
    }
  }

  private void publish() {
    syncSetpoint();
    Instruments ns;
    synchronized (this) {
      ns = namespace;
    }
    if (ns == null) {
      return;
    }
    Map<String, Variant> values = new LinkedHashMap<>();
    values.put("Incubator1/Temperature", Variant.ofDouble(round(lab.temperature())));
    values.put("Incubator1/TemperatureSetpoint", Variant.ofDouble(lab.setpoint()));
    values.put("Incubator1/CO2", Variant.ofDouble(round(lab.co2())));
    alarm(values, "Incubator1/DoorAlarm", lab.doorOpen());
    values.put("Centrifuge1/Speed", Variant.ofDouble(round(lab.speed())));
    values.put(
        "Centrifuge1/Rotor/CurrentState",
        Variant.ofLocalizedText(LocalizedText.english(lab.rotorState())));
    values.put("Centrifuge1/Rotor/ProgramId", Variant.ofString(lab.programId()));
    values.put("Centrifuge1/Rotor/RunId", Variant.ofString(lab.runId()));
    values.put(
        "Centrifuge1/Rotor/StartTime",
        Variant.ofDateTime(lab.runStart().map(DateTime::new).orElse(DateTime.NULL_VALUE)));
    alarm(values, "Centrifuge1/ImbalanceAlarm", lab.imbalance());
    ladsValues(values);
    DateTime now = DateTime.now();
    values.forEach(
        (path, value) -> {
          UaVariableNode node = ns.variables.get(path);
          StatusCode bad = badNodes.get(path);
          DataValue next =
              bad != null
                  ? new DataValue(Variant.NULL_VALUE, bad, now, now)
                  : dataValue(value, now);
          DataValue old = node.getValue();
          if (!next.getValue().equals(old.getValue())
              || !next.getStatusCode().equals(old.getStatusCode())) {
            node.setValue(next);
          }
        });
  }

  /** The same instruments in the LADS view (Idle is the Stopped state of LADS functional units). */
  private void ladsValues(Map<String, Variant> values) {
    String rotor = LADS_CENTRIFUGE + "/FunctionalUnitSet/Rotor";
    String state = lab.rotorState().equals("Idle") ? "Stopped" : lab.rotorState();
    values.put(
        rotor + "/FunctionalUnitState/CurrentState",
        Variant.ofLocalizedText(LocalizedText.english(state)));
    values.put(
        rotor + "/ProgramManager/ActiveProgram/DeviceProgramRunId", Variant.ofString(lab.runId()));
    values.put(rotor + "/FunctionSet/Speed/SensorValue", Variant.ofDouble(round(lab.speed())));
    String chamber = LADS_INCUBATOR + "/FunctionalUnitSet/Chamber";
    values.put(
        chamber + "/FunctionalUnitState/CurrentState",
        Variant.ofLocalizedText(LocalizedText.english("Running")));
    values.put(
        chamber + "/FunctionSet/Temperature/CurrentValue",
        Variant.ofDouble(round(lab.temperature())));
    values.put(chamber + "/FunctionSet/Temperature/TargetValue", Variant.ofDouble(lab.setpoint()));
    values.put(chamber + "/FunctionSet/CO2/SensorValue", Variant.ofDouble(round(lab.co2())));
  }

  private static DataValue dataValue(Variant value, DateTime now) {
    return new DataValue(value, StatusCode.GOOD, now, now);
  }

  private static void alarm(Map<String, Variant> values, String alarm, boolean active) {
    values.put(
        alarm + "/ActiveState",
        Variant.ofLocalizedText(LocalizedText.english(active ? "Active" : "Inactive")));
    values.put(alarm + "/ActiveState/Id", Variant.ofBoolean(active));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The address space: folders for instruments and units, variables for their values. */
  private static final class Instruments extends ManagedNamespaceWithLifecycle {
    private static final SecureRandom RANDOM = new SecureRandom();
    final Map<String, UaVariableNode> variables = new ConcurrentHashMap<>();
    private final Map<String, UaObjectNode> functionSets = new ConcurrentHashMap<>();
    LadsNamespaces.Di di;
    LadsNamespaces.Lads lads;
    private final SubscriptionModel subscriptions;

    Instruments(OpcUaServer server) {
      super(server, NAMESPACE_URI);
      subscriptions = new SubscriptionModel(server, this);
      getLifecycleManager().addLifecycle(subscriptions);
      getLifecycleManager().addStartupTask(this::build);
    }

    private void build() {
      UaFolderNode incubator = object(null, "Incubator1");
      variable(incubator, "Incubator1/Temperature", NodeIds.Double, false);
      variable(incubator, "Incubator1/TemperatureSetpoint", NodeIds.Double, true);
      variable(incubator, "Incubator1/CO2", NodeIds.Double, false);
      alarmNodes(incubator, "Incubator1/DoorAlarm");
      UaFolderNode centrifuge = object(null, "Centrifuge1");
      variable(centrifuge, "Centrifuge1/Speed", NodeIds.Double, false);
      UaFolderNode rotor = object(centrifuge, "Centrifuge1/Rotor");
      variable(rotor, "Centrifuge1/Rotor/CurrentState", NodeIds.LocalizedText, false);
      variable(rotor, "Centrifuge1/Rotor/ProgramId", NodeIds.String, false);
      variable(rotor, "Centrifuge1/Rotor/RunId", NodeIds.String, false);
      variable(rotor, "Centrifuge1/Rotor/StartTime", NodeIds.DateTime, false);
      alarmNodes(centrifuge, "Centrifuge1/ImbalanceAlarm");
      buildLadsView();
    }

    /**
     * The LADS view: DI DeviceSet → device (LADSDeviceType) → FunctionalUnitSet → functional unit
     * (FunctionalUnitType) → FunctionalUnitState/CurrentState, ProgramManager/ActiveProgram/
     * DeviceProgramRunId and FunctionSet → functions with SensorValue or CurrentValue/TargetValue;
     * members defined by LADS carry LADS browse names, CurrentState the core one.
     */
    private void buildLadsView() {
      UaObjectNode centrifuge = device(LADS_CENTRIFUGE);
      UaObjectNode rotor = functionalUnit(centrifuge, LADS_CENTRIFUGE, "Rotor");
      String r = LADS_CENTRIFUGE + "/FunctionalUnitSet/Rotor";
      UaObjectNode programs =
          member(rotor, r + "/ProgramManager", lads.name("ProgramManager"), PROGRAM_MANAGER_TYPE);
      UaObjectNode active =
          member(
              programs,
              r + "/ProgramManager/ActiveProgram",
              lads.name("ActiveProgram"),
              ACTIVE_PROGRAM_TYPE);
      value(
          active,
          r + "/ProgramManager/ActiveProgram/DeviceProgramRunId",
          lads.name("DeviceProgramRunId"),
          NodeIds.String,
          true);
      UaObjectNode speed =
          function(rotor, r, "Speed", LadsNamespaces.ANALOG_SCALAR_SENSOR_FUNCTION_TYPE);
      value(
          speed,
          r + "/FunctionSet/Speed/SensorValue",
          lads.name("SensorValue"),
          NodeIds.Double,
          false);

      UaObjectNode incubator = device(LADS_INCUBATOR);
      UaObjectNode chamber = functionalUnit(incubator, LADS_INCUBATOR, "Chamber");
      String c = LADS_INCUBATOR + "/FunctionalUnitSet/Chamber";
      UaObjectNode temperature =
          function(chamber, c, "Temperature", LadsNamespaces.ANALOG_CONTROL_FUNCTION_TYPE);
      value(
          temperature,
          c + "/FunctionSet/Temperature/CurrentValue",
          lads.name("CurrentValue"),
          NodeIds.Double,
          false);
      value(
          temperature,
          c + "/FunctionSet/Temperature/TargetValue",
          lads.name("TargetValue"),
          NodeIds.Double,
          false);
      UaObjectNode co2 =
          function(chamber, c, "CO2", LadsNamespaces.ANALOG_SCALAR_SENSOR_FUNCTION_TYPE);
      value(
          co2, c + "/FunctionSet/CO2/SensorValue", lads.name("SensorValue"), NodeIds.Double, false);
    }

    private UaObjectNode device(String path) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      UaObjectNode device = object(path, newQualifiedName(name), lads.type(LADS_DEVICE_TYPE));
      di.organize(device.getNodeId());
      device.addReference(
          new Reference(device.getNodeId(), NodeIds.Organizes, di.deviceSetId().expanded(), false));
      return device;
    }

    private UaObjectNode functionalUnit(UaObjectNode device, String devicePath, String name) {
      UaObjectNode set =
          member(device, devicePath + "/FunctionalUnitSet", lads.name("FunctionalUnitSet"), -1);
      String path = devicePath + "/FunctionalUnitSet/" + name;
      UaObjectNode unit = object(path, newQualifiedName(name), lads.type(FUNCTIONAL_UNIT_TYPE));
      set.addReference(
          new Reference(set.getNodeId(), NodeIds.HasComponent, unit.getNodeId().expanded(), true));
      UaObjectNode state =
          member(
              unit,
              path + "/FunctionalUnitState",
              lads.name("FunctionalUnitState"),
              FUNCTIONAL_UNIT_STATE_MACHINE_TYPE);
      UaVariableNode current =
          value(
              state,
              path + "/FunctionalUnitState/CurrentState",
              new QualifiedName(0, "CurrentState"),
              NodeIds.LocalizedText,
              false);
      current.addReference(
          new Reference(
              current.getNodeId(),
              NodeIds.HasTypeDefinition,
              NodeIds.FiniteStateVariableType.expanded(),
              true));
      return unit;
    }

    private UaObjectNode function(UaObjectNode unit, String unitPath, String name, int type) {
      UaObjectNode set =
          functionSets.computeIfAbsent(
              unitPath, p -> member(unit, p + "/FunctionSet", lads.name("FunctionSet"), -1));
      String path = unitPath + "/FunctionSet/" + name;
      UaObjectNode function = object(path, newQualifiedName(name), lads.type(type));
      set.addReference(
          new Reference(
              set.getNodeId(), NodeIds.HasComponent, function.getNodeId().expanded(), true));
      return function;
    }

    /** A LADS-defined object member of {@code parent} (type -1: a plain folder of the set). */
    private UaObjectNode member(UaObjectNode parent, String path, QualifiedName name, int type) {
      UaObjectNode node = object(path, name, type < 0 ? NodeIds.FolderType : lads.type(type));
      parent.addReference(
          new Reference(
              parent.getNodeId(), NodeIds.HasComponent, node.getNodeId().expanded(), true));
      return node;
    }

    private UaObjectNode object(String path, QualifiedName name, NodeId typeDefinition) {
      UaObjectNode node =
          new UaObjectNode(
              getNodeContext(),
              newNodeId(path),
              name,
              LocalizedText.english(name.name()),
              LocalizedText.NULL_VALUE,
              uint(0),
              uint(0));
      getNodeManager().addNode(node);
      node.addReference(
          new Reference(
              node.getNodeId(), NodeIds.HasTypeDefinition, typeDefinition.expanded(), true));
      return node;
    }

    private UaVariableNode value(
        UaObjectNode parent, String path, QualifiedName name, NodeId dataType, boolean property) {
      UaVariableNode node =
          new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
              .setNodeId(newNodeId(path))
              .setBrowseName(name)
              .setDisplayName(LocalizedText.english(name.name()))
              .setDataType(dataType)
              .setTypeDefinition(property ? NodeIds.PropertyType : NodeIds.BaseDataVariableType)
              .setAccessLevel(Set.of(AccessLevel.CurrentRead))
              .setUserAccessLevel(Set.of(AccessLevel.CurrentRead))
              .setValue(new DataValue(new StatusCode(StatusCodes.Bad_WaitingForInitialData)))
              .build();
      getNodeManager().addNode(node);
      parent.addReference(
          new Reference(
              parent.getNodeId(),
              property ? NodeIds.HasProperty : NodeIds.HasComponent,
              node.getNodeId().expanded(),
              true));
      variables.put(path, node);
      return node;
    }

    private void alarmNodes(UaFolderNode parent, String path) {
      UaFolderNode alarm = object(parent, path);
      UaVariableNode active = variable(alarm, path + "/ActiveState", NodeIds.LocalizedText, false);
      UaVariableNode id = variable(null, path + "/ActiveState/Id", NodeIds.Boolean, false);
      active.addReference(
          new Reference(active.getNodeId(), NodeIds.HasProperty, id.getNodeId().expanded(), true));
    }

    private UaFolderNode object(UaFolderNode parent, String path) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      UaFolderNode node =
          new UaFolderNode(
              getNodeContext(),
              newNodeId(path),
              newQualifiedName(name),
              LocalizedText.english(name));
      getNodeManager().addNode(node);
      if (parent == null) {
        node.addReference(
            new Reference(
                node.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
      } else {
        parent.addOrganizes(node);
      }
      return node;
    }

    private UaVariableNode variable(
        UaFolderNode parent, String path, NodeId dataType, boolean writable) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      UaVariableNode node =
          new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
              .setNodeId(newNodeId(path))
              .setBrowseName(newQualifiedName(name))
              .setDisplayName(LocalizedText.english(name))
              .setDataType(dataType)
              .setTypeDefinition(NodeIds.BaseDataVariableType)
              .setAccessLevel(
                  writable
                      ? Set.of(AccessLevel.CurrentRead, AccessLevel.CurrentWrite)
                      : Set.of(AccessLevel.CurrentRead))
              .setUserAccessLevel(
                  writable
                      ? Set.of(AccessLevel.CurrentRead, AccessLevel.CurrentWrite)
                      : Set.of(AccessLevel.CurrentRead))
              .setValue(new DataValue(new StatusCode(StatusCodes.Bad_WaitingForInitialData)))
              .build();
      getNodeManager().addNode(node);
      if (parent != null) {
        parent.addOrganizes(node);
      }
      variables.put(path, node);
      return node;
    }

    void fireAlarm(
        OpcUaServer server,
        String source,
        String condition,
        boolean active,
        int severity,
        String message)
        throws UaException {
      BaseEventTypeNode node =
          server
              .getEventFactory()
              .createEvent(newNodeId(UUID.randomUUID()), NodeIds.AlarmConditionType);
      AlarmConditionTypeNode alarm = (AlarmConditionTypeNode) node;
      byte[] eventId = new byte[16];
      RANDOM.nextBytes(eventId);
      DateTime now = DateTime.now();
      alarm.setBrowseName(new QualifiedName(getNamespaceIndex(), condition));
      alarm.setDisplayName(LocalizedText.english(condition));
      alarm.setEventId(ByteString.of(eventId));
      alarm.setEventType(NodeIds.AlarmConditionType);
      alarm.setSourceNode(newNodeId(source));
      alarm.setSourceName(source);
      alarm.setTime(now);
      alarm.setReceiveTime(DateTime.NULL_VALUE);
      alarm.setMessage(LocalizedText.english(message));
      alarm.setSeverity(ushort(severity));
      alarm.setConditionName(condition);
      alarm.setRetain(active);
      alarm.setEnabledState(LocalizedText.english("Enabled"));
      alarm.getEnabledStateNode().setId(true);
      alarm.setActiveState(LocalizedText.english(active ? "Active" : "Inactive"));
      alarm.getActiveStateNode().setId(active);
      alarm.setAckedState(LocalizedText.english(active ? "Unacknowledged" : "Acknowledged"));
      alarm.getAckedStateNode().setId(!active);
      try {
        server.getEventNotifier().fire(alarm);
      } finally {
        alarm.delete();
      }
    }

    @Override
    public void onDataItemsCreated(List<DataItem> items) {
      subscriptions.onDataItemsCreated(items);
    }

    @Override
    public void onDataItemsModified(List<DataItem> items) {
      subscriptions.onDataItemsModified(items);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {
      subscriptions.onDataItemsDeleted(items);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> items) {
      subscriptions.onMonitoringModeChanged(items);
    }
  }
}
