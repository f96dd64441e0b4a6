package io.campusedge.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.api.SiteKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigLoaderTest {
  private static final String VALID =
      """
      site: THPT-NGUYENTRAI-HN
      gatewayId: gw-a101
      dataDir: /var/lib/campusedge
      broker:
        url: tcp://localhost:1883
        username: gw-a101
        password: secret
      rooms:
        - id: A101
          name: "Lớp 10A1"
      devices:
        - id: a101-climate
          type: simulated-climate
          room: A101
          pollInterval: 10s
          params: { seed: 1, students: 38 }
      uplink:
        maxBatchRecords: 500
        ackTimeout: 30s
      clock:
        assumeSynced: false
      """;

  private final AgentConfigLoader loader = new AgentConfigLoader(DriverRegistry.load());

  private AgentConfig parse(String yaml) throws ConfigException {
    return loader.parse(yaml, "agent.yaml", Path.of("/etc/campusedge"));
  }

  private String problemIn(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a ConfigException for:\n" + yaml);
  }

  @Test
  void loadsTheExampleFile() throws ConfigException {
    AgentConfig config = parse(VALID);

    assertThat(config.site()).isEqualTo("THPT-NGUYENTRAI-HN");
    assertThat(config.gatewayId()).isEqualTo("gw-a101");
    assertThat(config.outboxFile()).isEqualTo(Path.of("/var/lib/campusedge/outbox"));
    assertThat(config.broker().url()).isEqualTo("tcp://localhost:1883");
    assertThat(config.broker().password()).contains("secret");
    assertThat(config.rooms()).containsExactly(new AgentConfig.Room("A101", "Lớp 10A1"));
    AgentConfig.Device device = config.devices().get(0);
    assertThat(device.pollInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(device.params()).isEqualTo(Map.of("seed", 1, "students", 38));
    assertThat(config.uplink().ackTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.clock().assumeSynced()).isFalse();
  }

  @Test
  void neverPrintsThePassword() throws ConfigException {
    assertThat(parse(VALID).toString()).doesNotContain("secret").contains("gw-a101");
  }

  @Test
  void readsThePasswordFromAFileNextToTheConfig(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("mqtt.pass"), "s3cret\n");
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, VALID.replace("password: secret", "passwordFile: mqtt.pass"));

    assertThat(loader.load(file).broker().password()).contains("s3cret");
  }

  @Test
  void roomMayBeOmittedWhenThereIsOnlyOne() throws ConfigException {
    AgentConfig config = parse(VALID.replace("    room: A101\n", ""));

    assertThat(config.devices().get(0).room()).isEqualTo("A101");
  }

  @Test
  void acceptsIsoDurations() throws ConfigException {
    assertThat(parse(VALID.replace("10s", "PT0.5S")).devices().get(0).pollInterval())
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void missingSiteIsReportedAtTheTopOfTheFile() {
    assertThat(problemIn(VALID.replace("site: THPT-NGUYENTRAI-HN\n", "")))
        .isEqualTo("agent.yaml line 1: site is required");
  }

  @Test
  void badSiteCodeNamesTheField() {
    assertThat(problemIn(VALID.replace("THPT-NGUYENTRAI-HN", "THPT/HN")))
        .startsWith("agent.yaml line 1: site 'THPT/HN' must be");
  }

  @Test
  void brokerUrlMustBeTcpOrSsl() {
    assertThat(problemIn(VALID.replace("tcp://localhost:1883", "http://localhost:1883")))
        .isEqualTo("agent.yaml line 5: broker.url must start with tcp:// or ssl://");
  }

  @Test
  void unknownFieldIsReportedWithItsLine() {
    assertThat(problemIn(VALID.replace("  username: gw-a101", "  user: gw-a101")))
        .startsWith("agent.yaml line 6: unknown field 'broker.user'")
        .contains("username");
  }

  @Test
  void aValueOfTheWrongKindNamesTheFieldAndItsLine() {
    assertThat(problemIn(VALID.replace("maxBatchRecords: 500", "maxBatchRecords: lots")))
        .isEqualTo("agent.yaml line 18: uplink.maxBatchRecords: 'lots' is not a whole number");
    assertThat(problemIn(VALID.replace("assumeSynced: false", "assumeSynced: maybe")))
        .isEqualTo("agent.yaml line 21: clock.assumeSynced: 'maybe' must be true or false");
    assertThat(problemIn(VALID.replace("  url: tcp://localhost:1883", "  url: [a, b]")))
        .isEqualTo("agent.yaml line 5: broker.url: expected text, found a list");
    assertThat(problemIn(VALID.replace("clock:\n  assumeSynced: false", "clock: yes")))
        .isEqualTo("agent.yaml line 20: clock: expected a map of fields, found 'yes'");
  }

  @Test
  void textFieldsKeepTheScalarAsWrittenAndParamsKeepYamlTypes() throws ConfigException {
    AgentConfig config =
        parse(
            VALID
                .replace("maxBatchRecords: 500", "maxBatchRecords: '500'\n  maxBatchBytes: 65536")
                .replace(
                    "{ seed: 1, students: 38 }", "{ seed: 0x10, students: 38, name: 2026-01-01 }")
                .replace("assumeSynced: false", "assumeSynced: no\nstatus:\n  listen: off"));

    assertThat(config.uplink().maxBatchRecords()).isEqualTo(500);
    assertThat(config.uplink().maxBatchBytes()).isEqualTo(65536);
    // YAML 1.1 reads a plain off as false; the field is text, so it stays "off".
    assertThat(config.status()).isEqualTo(AgentConfig.StatusSettings.DISABLED);
    assertThat(config.devices().get(0).params())
        .containsExactlyEntriesOf(Map.of("seed", 16, "students", 38, "name", "2026-01-01"));
    assertThat(config.clock().assumeSynced()).isFalse();
  }

  @Test
  void anEmptyFileIsReported() {
    assertThat(problemIn("# nothing yet\n")).isEqualTo("agent.yaml line 1: the file is empty");
  }

  @Test
  void duplicateDeviceIdIsReportedWhereItIsRepeated() {
    String twoDevices =
        VALID.replace(
            "uplink:",
            """
              - id: a101-climate
                type: simulated-climate
            uplink:""");

    assertThat(problemIn(twoDevices))
        .isEqualTo(
            "agent.yaml line 17: devices[1].id 'a101-climate' is already used by another device");
  }

  @Test
  void badDurationIsReportedWithItsLine() {
    assertThat(problemIn(VALID.replace("pollInterval: 10s", "pollInterval: ten seconds")))
        .startsWith("agent.yaml line 15: devices[0].pollInterval 'ten seconds' must be a duration");
  }

  @Test
  void unknownRoomIsReportedWithItsLine() {
    assertThat(problemIn(VALID.replace("    room: A101", "    room: B202")))
        .isEqualTo("agent.yaml line 14: devices[0].room 'B202' is not one of the rooms [A101]");
  }

  @Test
  void unknownDriverTypeListsTheKnownTypes() {
    assertThat(problemIn(VALID.replace("type: simulated-climate", "type: bme999")))
        .startsWith("agent.yaml line 13: device 'a101-climate': unknown type 'bme999'")
        .contains("simulated-climate");
  }

  @Test
  void driverParameterErrorsComeFromTheDriver() {
    assertThat(problemIn(VALID.replace("students: 38", "students: 500")))
        .isEqualTo("agent.yaml line 16: device 'a101-climate': students must be 0-200, got 500");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    String yaml =
        VALID.replace("tcp://localhost:1883", "localhost").replace("room: A101", "room: X");

    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2));
  }

  @Test
  void yamlSyntaxErrorsHaveALine() {
    assertThat(problemIn(VALID.replace("  url: tcp://localhost:1883", "  url: [tcp://x")))
        .startsWith("agent.yaml line ");
  }

  @Test
  void batchBytesAndLingerHaveDefaultsAndReadableSizes() throws ConfigException {
    assertThat(parse(VALID).uplink().maxBatchBytes()).isEqualTo(256 * 1024);
    assertThat(parse(VALID).uplink().linger()).isEqualTo(Duration.ofMillis(200));

    AgentConfig tuned =
        parse(
            VALID.replace(
                "  ackTimeout: 30s", "  ackTimeout: 30s\n  maxBatchBytes: 64KiB\n  linger: 0ms"));

    assertThat(tuned.uplink().maxBatchBytes()).isEqualTo(64 * 1024);
    assertThat(tuned.uplink().linger()).isZero();
    assertThat(parse(VALID.replace("  ackTimeout: 30s", "  maxBatchBytes: 262144")).uplink())
        .extracting(AgentConfig.UplinkSettings::maxBatchBytes)
        .isEqualTo(262144);
  }

  @Test
  void aBatchSizeOutOfRangeIsReportedAtItsLine() {
    String problem = problemIn(VALID.replace("  ackTimeout: 30s", "  maxBatchBytes: 100"));

    assertThat(problem).contains("line 19").contains("uplink.maxBatchBytes '100'");
  }

  @Test
  void theUplinkSpeaksNativeUnlessSparkplugIsChosen() throws ConfigException {
    assertThat(parse(VALID).uplink().sparkplug()).isEmpty();

    AgentConfig config =
        parse(
            VALID.replace(
                "  ackTimeout: 30s",
                """
                  ackTimeout: 30s
                  protocol: sparkplug
                  sparkplug:
                    groupId: school1
                    edgeNodeId: gw-a101
                """));

    AgentConfig.SparkplugSettings sparkplug = config.uplink().sparkplug().orElseThrow();
    assertThat(sparkplug.groupId()).isEqualTo("school1");
    assertThat(sparkplug.edgeNodeId()).isEqualTo("gw-a101");
    assertThat(sparkplug.primaryHostId()).isEqualTo("campusedge-hub");
    assertThat(sparkplug.ackMode()).isEqualTo(AgentConfig.AckMode.CAMPUSEDGE);
  }

  @Test
  void theSparkplugExampleFileIsValid() throws Exception {
    Path example = Path.of("..", "docs", "config", "agent-sparkplug.yaml");
    AgentConfig config =
        loader.parse(Files.readString(example), example.toString(), example.getParent());

    assertThat(config.uplink().sparkplug())
        .contains(
            new AgentConfig.SparkplugSettings(
                "school1", "gw-b201", "campusedge-hub", AgentConfig.AckMode.CAMPUSEDGE));
  }

  @Test
  void sparkplugSettingsAreCheckedWithTheirLines() {
    String sparkplug =
        """
          ackTimeout: 30s
          protocol: sparkplug
          sparkplug:
            groupId: school/1
            edgeNodeId: gw-a101
            ackMode: whenever
        """;
    String problem = problemIn(VALID.replace("  ackTimeout: 30s", sparkplug));

    assertThat(problem)
        .contains("line 22: uplink.sparkplug.groupId 'school/1'")
        .contains("line 24: uplink.sparkplug.ackMode 'whenever' must be campusedge");
    assertThat(problemIn(VALID.replace("  ackTimeout: 30s", "  protocol: sparkplug")))
        .contains("uplink.protocol sparkplug needs uplink.sparkplug");
    assertThat(problemIn(VALID.replace("  ackTimeout: 30s", "  protocol: opcua")))
        .contains("uplink.protocol 'opcua' must be native or sparkplug");
  }

  @Test
  void tlsFilesNeedAnSslUrl() {
    String problem =
        problemIn(VALID.replace("  password: secret", "  password: secret\n  caFile: ca.pem"));

    assertThat(problem).contains("broker.caFile is only used with an ssl:// url");
  }

  @Test
  void aClientCertificateNeedsItsKey(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("client.pem"), "x");
    String yaml =
        VALID
            .replace("tcp://localhost:1883", "ssl://localhost:8883")
            .replace("  password: secret", "  password: secret\n  clientCertFile: client.pem");

    String problem = problemIn(yaml);

    assertThat(problem).contains("clientKeyFile is missing");
  }

  @Test
  void outboxBoundsHaveDefaultsAndAreRead() throws ConfigException {
    assertThat(parse(VALID).outbox()).isEqualTo(AgentConfig.OutboxSettings.DEFAULTS);

    AgentConfig bounded =
        parse(
            VALID
                + "outbox:\n  maxBytes: 2GiB\n  attendanceReserve: 64MiB\n  maxAge: P14D\n"
                + "  thinKeepEvery: 6\n");

    assertThat(bounded.outbox())
        .isEqualTo(new AgentConfig.OutboxSettings(2L << 30, 64L << 20, Duration.ofDays(14), 6));
  }

  @Test
  void anAttendanceReserveAsLargeAsTheOutboxIsRefused() {
    String problem = problemIn(VALID + "outbox:\n  maxBytes: 1MiB\n  attendanceReserve: 1MiB\n");

    assertThat(problem).contains("outbox.attendanceReserve must be less than outbox.maxBytes");
  }

  private static final String DOOR_READER =
      """
        - id: a101-door
          type: mfrc522
          room: A101
          pollInterval: 200ms
          params: { bus: 0, chipSelect: 0 }
      """;

  private static String withDoorReader(String yaml) {
    return yaml.replace("devices:\n", "devices:\n" + DOOR_READER);
  }

  private static Path keyFile(Path dir, String content, String permissions) throws Exception {
    Path key = dir.resolve("site.key");
    Files.writeString(key, content);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(permissions));
    return key;
  }

  @Test
  void aCardReaderWithoutSiteKeyIsRefusedBeforeItCanSendAnything() {
    String problem = problemIn(withDoorReader(VALID));

    assertThat(problem)
        .contains("siteKey is required: card reader 'a101-door'")
        .contains("provision the gateway");
  }

  @Test
  void readsTheSiteKeyFromABase64FileReadableOnlyByTheService(@TempDir Path dir) throws Exception {
    byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    keyFile(dir, Base64.getEncoder().encodeToString(secret) + "\n", "rw-------");
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, withDoorReader(VALID) + "siteKey:\n  id: k2026\n  file: site.key\n");

    AgentConfig config = loader.load(file);

    SiteKey expected = new SiteKey("k2026", secret);
    byte[] uid = {0x04, 0x1A, 0x2B, 0x3C};
    assertThat(config.siteKey()).get().extracting(SiteKey::id).isEqualTo("k2026");
    assertThat(config.siteKey().orElseThrow().reference(uid)).isEqualTo(expected.reference(uid));
    assertThat(config.toString()).doesNotContain(Base64.getEncoder().encodeToString(secret));
  }

  @Test
  void aSiteKeyFileOthersCanReadIsRefused(@TempDir Path dir) throws Exception {
    keyFile(dir, Base64.getEncoder().encodeToString(new byte[32]), "rw-r--r--");
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, VALID + "siteKey:\n  id: k1\n  file: site.key\n");

    assertThatThrownBy(() -> loader.load(file))
        .hasMessageContaining("is readable by other users; chmod 600 it");
  }

  @Test
  void aSiteKeyThatIsNotBase64OrTooShortIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, VALID + "siteKey:\n  id: k1\n  file: site.key\n");

    keyFile(dir, "not base64 at all!", "rw-------");
    assertThatThrownBy(() -> loader.load(file)).hasMessageContaining("is not base64");

    keyFile(dir, Base64.getEncoder().encodeToString(new byte[8]), "rw-------");
    assertThatThrownBy(() -> loader.load(file))
        .hasMessageContaining("holds 8 bytes; at least 16 needed");
  }

  @Test
  void aMissingSiteKeyFileIsNamed() {
    String problem = problemIn(VALID + "siteKey:\n  id: k1\n  file: /nonexistent/site.key\n");

    assertThat(problem).contains("siteKey.file '/nonexistent/site.key' cannot be read");
  }
}
