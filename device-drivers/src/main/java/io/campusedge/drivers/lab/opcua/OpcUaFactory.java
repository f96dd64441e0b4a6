package io.campusedge.drivers.lab.opcua;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverFactory;
import io.campusedge.drivers.api.SpecParams;
import io.campusedge.protos.v1.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * Type {@code opcua}: a lab instrument (incubator, centrifuge, LADS device) on OPC UA. Parameters:
 * {@code endpoint} ({@code opc.tcp://host:port/path}, required), {@code security} (none or
 * basic256sha256; the latter with SignAndEncrypt and {@code certificate}, {@code privateKey} PEM
 * files and a {@code trustList} folder), {@code username} with {@code passwordFile}, {@code
 * publishingInterval} (1s), {@code samplingInterval} (500ms), {@code requestTimeout} (5s) and
 * {@code points}: each with {@code metric}, {@code unit} (UCUM, "1"), {@code nodeId} or {@code
 * path}, {@code kind} (value, state, run, alarm, or alarms for an event notifier whose alarm
 * condition events are followed), {@code writable} (value points only), and for alarm points {@code
 * alarmCode} (the metric) and {@code severity} (warning).
 */
public final class OpcUaFactory implements DriverFactory {
  public static final String TYPE = "opcua";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Pattern PATH_ELEMENT = Pattern.compile("(?:(\\d+):)?(.+)");
  private static final Set<String> POINT_KEYS =
      Set.of(
          "metric", "name", "unit", "nodeId", "path", "kind", "writable", "alarmCode", "severity");

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public DeviceDriver create(DeviceSpec spec) throws DriverConfigException {
    return new OpcUaDriver(config(spec));
  }

  static OpcUaConfig config(DeviceSpec spec) throws DriverConfigException {
    String endpoint = endpoint(spec);
    String securityWord =
        SpecParams.choice(spec, "security", "none", Set.of("none", "basic256sha256"));
    SecurityMode security =
        securityWord.equals("none") ? SecurityMode.NONE : SecurityMode.BASIC256SHA256;
    Optional<OpcUaConfig.Certificates> certs = certificates(spec, security);
    Optional<String> username = text(spec.params(), "username").filter(s -> !s.isEmpty());
    Optional<Path> passwordFile = text(spec.params(), "passwordFile").map(Path::of);
    if (passwordFile.isPresent() && username.isEmpty()) {
      throw SpecParams.fail(spec, "passwordFile", "needs a username to go with it");
    }
    if (username.isPresent() && passwordFile.isEmpty()) {
      throw SpecParams.fail(
          spec, "username", "needs a passwordFile (the password is never written in the config)");
    }
    Duration publishing = interval(spec, "publishingInterval", Duration.ofSeconds(1));
    Duration sampling = interval(spec, "samplingInterval", Duration.ofMillis(500));
    Duration timeout = SpecParams.duration(spec, "requestTimeout", Duration.ofSeconds(5));
    if (timeout.toMillis() < 100 || timeout.toSeconds() > 60) {
      throw SpecParams.fail(spec, "requestTimeout", "must be between 100ms and 60s");
    }
    return new OpcUaConfig(
        spec.id(),
        endpoint,
        security,
        certs,
        username,
        passwordFile,
        publishing,
        sampling,
        timeout,
        points(spec));
  }

  private static String endpoint(DeviceSpec spec) throws DriverConfigException {
    String endpoint = text(spec.params(), "endpoint").orElse("");
    if (endpoint.isEmpty()) {
      throw SpecParams.fail(
          spec, "endpoint", "is required, e.g. opc.tcp://incubator-1.lab:4840/lads");
    }
    try {
      URI uri = new URI(endpoint);
      if (!"opc.tcp".equals(uri.getScheme()) || uri.getHost() == null) {
        throw SpecParams.fail(
            spec, "endpoint", "must be opc.tcp://host:port[/path], got '" + endpoint + "'");
      }
    } catch (URISyntaxException e) {
      throw SpecParams.fail(spec, "endpoint", "is not a URL: " + e.getMessage());
    }
    return endpoint;
  }

  private static Optional<OpcUaConfig.Certificates> certificates(
      DeviceSpec spec, SecurityMode security) throws DriverConfigException {
    Optional<String> cert = text(spec.params(), "certificate");
    Optional<String> key = text(spec.params(), "privateKey");
    Optional<String> trust = text(spec.params(), "trustList");
    if (security == SecurityMode.NONE) {
      if (cert.isPresent() || key.isPresent()) {
        throw SpecParams.fail(
            spec, "certificate", "is only used with security: basic256sha256 (security is none)");
      }
      return Optional.empty();
    }
    for (String name : List.of("certificate", "privateKey", "trustList")) {
      if (text(spec.params(), name).filter(s -> !s.isEmpty()).isEmpty()) {
        throw SpecParams.fail(
            spec,
            name,
            "is required with security: basic256sha256 (the gateway's application certificate,"
                + " its PEM private key and the trust-list folder with trusted/ and rejected/)");
      }
    }
    return Optional.of(
        new OpcUaConfig.Certificates(
            Path.of(cert.get()), Path.of(key.get()), Path.of(trust.get())));
  }

  private static Duration interval(DeviceSpec spec, String name, Duration fallback)
      throws DriverConfigException {
    Duration d = SpecParams.duration(spec, name, fallback);
    if (d.toMillis() < 10 || d.toHours() >= 1) {
      throw SpecParams.fail(spec, name, "must be between 10ms and 1h, got " + d);
    }
    return d;
  }

  private static List<OpcUaPoint> points(DeviceSpec spec) throws DriverConfigException {
    Object raw = spec.param("points").orElse(null);
    if (!(raw instanceof List<?> list) || list.isEmpty()) {
      throw SpecParams.fail(
          spec, "points", "must list at least one point (metric, unit, nodeId or path, kind)");
    }
    List<OpcUaPoint> points = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "points[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        throw SpecParams.fail(spec, at, "must be a map with metric, unit and nodeId or path");
      }
      OpcUaPoint p = point(spec, at, map);
      if (!names.add(p.metric())) {
        throw SpecParams.fail(spec, at + ".metric", "'" + p.metric() + "' is used twice");
      }
      points.add(p);
    }
    return points;
  }

  private static OpcUaPoint point(DeviceSpec spec, String at, Map<?, ?> map)
      throws DriverConfigException {
    SpecParams.requireKnownKeys(spec, at, map, POINT_KEYS, "point");
    String metric = text(map, "metric").or(() -> text(map, "name")).orElse("");
    if (!NAME.matcher(metric).matches()) {
      throw SpecParams.fail(
          spec, at + ".metric", "must be a metric name like temperature, got '" + metric + "'");
    }
    String unit = text(map, "unit").orElse("1");
    if (unit.isBlank() || unit.chars().anyMatch(Character::isWhitespace)) {
      throw SpecParams.fail(spec, at + ".unit", "must be a UCUM unit like Cel, %, /min or 1");
    }
    NodeRef node = node(spec, at, map);
    String kindWord = text(map, "kind").orElse("value");
    PointKind kind =
        PointKind.of(kindWord)
            .orElseThrow(
                () ->
                    SpecParams.fail(
                        spec,
                        at + ".kind",
                        "must be value, state, run, alarm or alarms, got '" + kindWord + "'"));
    boolean writable = bool(spec, at + ".writable", map.get("writable"));
    if (writable && kind != PointKind.VALUE) {
      throw SpecParams.fail(spec, at + ".writable", "only value points can be written");
    }
    String alarmCode = text(map, "alarmCode").orElse(metric);
    Severity severity = severity(spec, at + ".severity", text(map, "severity").orElse("warning"));
    if (kind != PointKind.ALARM && (map.containsKey("alarmCode") || map.containsKey("severity"))) {
      throw SpecParams.fail(
          spec,
          at + ".alarmCode",
          "alarmCode and severity are for alarm points (alarms points take both from each event)");
    }
    return new OpcUaPoint(metric, unit, node, kind, writable, alarmCode, severity);
  }

  static NodeRef node(DeviceSpec spec, String at, Map<?, ?> map) throws DriverConfigException {
    Optional<String> nodeId = text(map, "nodeId").filter(s -> !s.isEmpty());
    Optional<String> path = text(map, "path").filter(s -> !s.isEmpty());
    if (nodeId.isPresent() == path.isPresent()) {
      throw SpecParams.fail(
          spec,
          at,
          "needs exactly one of nodeId (e.g. ns=2;s=Incubator1/Temperature) or path (browse"
              + " names from the Objects folder, e.g. Incubator1/Temperature)");
    }
    if (nodeId.isPresent()) {
      if (NodeId.parseSafe(nodeId.get()).isEmpty()) {
        throw SpecParams.fail(
            spec,
            at + ".nodeId",
            "'"
                + nodeId.get()
                + "' is not a NodeId (ns=<index>;i=<number>, ;s=<string>, ;g=<guid> or ;b=<base64>)");
      }
      return new NodeRef.ById(nodeId.get());
    }
    List<NodeRef.PathElement> elements = new ArrayList<>();
    for (String part : path.get().split("/", -1)) {
      Matcher m = PATH_ELEMENT.matcher(part.trim());
      if (!m.matches() || m.group(2).isBlank()) {
        throw SpecParams.fail(
            spec, at + ".path", "'" + path.get() + "' has an empty browse name between slashes");
      }
      int ns = m.group(1) == null ? -1 : Integer.parseInt(m.group(1));
      elements.add(new NodeRef.PathElement(ns, m.group(2).trim()));
    }
    return new NodeRef.ByPath(path.get(), elements);
  }

  private static Severity severity(DeviceSpec spec, String name, String word)
      throws DriverConfigException {
    return switch (word.trim().toLowerCase(Locale.ROOT)) {
      case "info" -> Severity.SEVERITY_INFO;
      case "warning" -> Severity.SEVERITY_WARNING;
      case "critical" -> Severity.SEVERITY_CRITICAL;
      default ->
          throw SpecParams.fail(
              spec, name, "must be info, warning or critical, got '" + word + "'");
    };
  }

  private static Optional<String> text(Map<?, ?> map, String key) {
    return Optional.ofNullable(map.get(key)).map(Object::toString).map(String::trim);
  }

  private static boolean bool(DeviceSpec spec, String name, Object raw)
      throws DriverConfigException {
    return SpecParams.flag(spec, name, raw);
  }
}
