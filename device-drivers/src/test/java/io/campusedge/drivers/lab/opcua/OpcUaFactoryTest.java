package io.campusedge.drivers.lab.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.protos.v1.Severity;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpcUaFactoryTest {

  private static Map<String, Object> params() {
    Map<String, Object> p = new HashMap<>();
    p.put("endpoint", "opc.tcp://lab1-incubator:4840/lads");
    p.put(
        "points",
        List.of(
            Map.of("metric", "temperature", "unit", "Cel", "nodeId", "ns=2;s=Incubator1/Temp"),
            Map.of("metric", "state", "path", "Centrifuge1/Rotor/2:CurrentState", "kind", "state"),
            Map.of(
                "metric",
                "imbalance",
                "path",
                "Centrifuge1/Imbalance",
                "kind",
                "alarm",
                "severity",
                "critical")));
    return p;
  }

  private static OpcUaConfig config(Map<String, Object> params) throws DriverConfigException {
    return OpcUaFactory.config(
        new DeviceSpec("lab1-cf", "opcua", "LAB1", Duration.ofSeconds(5), params));
  }

  private static void fails(Map<String, Object> params, String message) {
    assertThatThrownBy(() -> config(params))
        .isInstanceOf(DriverConfigException.class)
        .hasMessageContaining("device 'lab1-cf'")
        .hasMessageContaining(message);
  }

  @Test
  void foundByServiceLoader() throws Exception {
    assertThat(
            DriverRegistry.load()
                .create(new DeviceSpec("x", "opcua", "LAB1", Duration.ofSeconds(5), params())))
        .isInstanceOf(OpcUaDriver.class);
  }

  @Test
  void readsNodeIdsPathsKindsAndDefaults() throws Exception {
    OpcUaConfig c = config(params());
    assertThat(c.security()).isEqualTo(SecurityMode.NONE);
    assertThat(c.publishingInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.points().get(0).node()).isEqualTo(new NodeRef.ById("ns=2;s=Incubator1/Temp"));
    NodeRef.ByPath path = (NodeRef.ByPath) c.points().get(1).node();
    assertThat(path.elements())
        .containsExactly(
            new NodeRef.PathElement(-1, "Centrifuge1"),
            new NodeRef.PathElement(-1, "Rotor"),
            new NodeRef.PathElement(2, "CurrentState"));
    assertThat(c.points().get(1).kind()).isEqualTo(PointKind.STATE);
    assertThat(c.points().get(2).severity()).isEqualTo(Severity.SEVERITY_CRITICAL);
    assertThat(c.points().get(2).alarmCode()).isEqualTo("imbalance");
  }

  @Test
  void endpointMustBeOpcTcp() {
    Map<String, Object> p = params();
    p.remove("endpoint");
    fails(p, "'endpoint' is required");
    p.put("endpoint", "http://lab1:4840");
    fails(p, "must be opc.tcp://host:port");
  }

  @Test
  void aPointNeedsExactlyOneOfNodeIdAndPath() {
    Map<String, Object> p = params();
    p.put("points", List.of(Map.of("metric", "t", "nodeId", "ns=2;s=a", "path", "A/B")));
    fails(p, "needs exactly one of nodeId");
    p.put("points", List.of(Map.of("metric", "t")));
    fails(p, "needs exactly one of nodeId");
  }

  @Test
  void aNodeIdMustParse() {
    Map<String, Object> p = params();
    p.put("points", List.of(Map.of("metric", "t", "nodeId", "Incubator1.Temp")));
    fails(p, "'Incubator1.Temp' is not a NodeId");
  }

  @Test
  void emptyBrowseNamesAreRefused() {
    Map<String, Object> p = params();
    p.put("points", List.of(Map.of("metric", "t", "path", "Incubator1//Temp")));
    fails(p, "empty browse name");
  }

  @Test
  void unknownKindsAndSettingsAreNamed() {
    Map<String, Object> p = params();
    p.put("points", List.of(Map.of("metric", "t", "path", "A", "kind", "gauge")));
    fails(p, "must be value, state, run, alarm or alarms");
    p.put("points", List.of(Map.of("metric", "t", "path", "A", "scale", 2)));
    fails(p, "points[0].scale' is not a point setting");
  }

  @Test
  void onlyValuePointsAreWritable() {
    Map<String, Object> p = params();
    p.put("points", List.of(Map.of("metric", "s", "path", "A", "kind", "state", "writable", true)));
    fails(p, "only value points can be written");
  }

  @Test
  void metricsAreUnique() {
    Map<String, Object> p = params();
    p.put(
        "points", List.of(Map.of("metric", "t", "path", "A"), Map.of("metric", "t", "path", "B")));
    fails(p, "'t' is used twice");
  }

  @Test
  void basic256Sha256NeedsCertificateKeyAndTrustList() throws Exception {
    Map<String, Object> p = params();
    p.put("security", "basic256sha256");
    fails(p, "'certificate' is required with security: basic256sha256");
    p.put("certificate", "/etc/campusedge/pki/gateway.crt");
    p.put("privateKey", "/etc/campusedge/pki/gateway.key");
    fails(p, "'trustList' is required");
    p.put("trustList", "/var/lib/campusedge/pki");
    OpcUaConfig c = config(p);
    assertThat(c.security()).isEqualTo(SecurityMode.BASIC256SHA256);
    assertThat(c.certificates()).isPresent();
  }

  @Test
  void unknownSecurityPoliciesAreRefused() {
    Map<String, Object> p = params();
    p.put("security", "basic128rsa15");
    fails(p, "must be one of basic256sha256 or none");
  }

  @Test
  void aUsernameNeedsAPasswordFile() {
    Map<String, Object> p = params();
    p.put("username", "lab");
    fails(p, "needs a passwordFile");
  }
}
