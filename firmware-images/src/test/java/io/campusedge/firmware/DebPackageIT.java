package io.campusedge.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.campusedge.firmware.DebArchive.Entry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Opens the .deb the build just made (package phase) and checks what a gateway will get. */
class DebPackageIT {
  private static final String MAVEN_VERSION = System.getProperty("project.version");
  private static final String DEB_VERSION = MAVEN_VERSION.replaceFirst("-SNAPSHOT$", "~SNAPSHOT");
  private static final String UNIT = "lib/systemd/system/campusedge-agent.service";
  private static final String HOME = "usr/share/campusedge-agent/";

  private static Path deb;
  private static DebArchive archive;
  private static Map<String, Entry> control;
  private static Map<String, Entry> data;

  @BeforeAll
  static void readPackage() throws IOException {
    deb =
        Path.of(
            System.getProperty("deb.directory"), "campusedge-agent_" + DEB_VERSION + "_all.deb");
    assertThat(deb).exists();
    archive = DebArchive.read(deb);
    control = archive.control();
    data = archive.data();
  }

  @Test
  void isADebianBinaryPackageVersion2() {
    assertThat(archive.arMembers().keySet())
        .containsExactly("debian-binary", "control.tar.gz", "data.tar.gz");
    assertThat(new String(archive.member("debian-binary"), StandardCharsets.US_ASCII))
        .isEqualTo("2.0\n");
  }

  @Test
  void snapshotVersionSortsBeforeTheRelease() {
    assertThat(MAVEN_VERSION).endsWith("-SNAPSHOT");
    assertThat(fields()).containsEntry("Version", DEB_VERSION);
    assertThat(DEB_VERSION).doesNotContain("-").contains("~SNAPSHOT");
  }

  @Test
  void snapshotVersionSortsBeforeTheReleaseForDpkg() throws Exception {
    assumeTrue(onPath("dpkg"), "dpkg is not installed: version ordering checked by dpkg skipped");
    String release = MAVEN_VERSION.replaceFirst("-SNAPSHOT$", "");
    Process compare =
        new ProcessBuilder("dpkg", "--compare-versions", DEB_VERSION, "lt", release)
            .inheritIO()
            .start();
    assertThat(compare.waitFor()).as(DEB_VERSION + " < " + release).isZero();
  }

  @Test
  void controlFieldsDependOnJava17() {
    assertThat(fields())
        .containsEntry("Package", "campusedge-agent")
        .containsEntry("Architecture", "all")
        .containsEntry("Section", "misc")
        .containsEntry("Priority", "optional")
        .containsEntry(
            "Depends", "default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser")
        .containsKeys("Maintainer", "Description", "Installed-Size");
  }

  @Test
  void maintainerScriptsAreExecutableAndStopOnErrors() {
    for (String script : List.of("postinst", "prerm", "postrm")) {
      Entry entry = control.get(script);
      assertThat(entry).as(script).isNotNull();
      assertThat(entry.mode()).as(script + " mode").isEqualTo(0755);
      assertThat(entry.text()).as(script).startsWith("#!/bin/sh\n").contains("\nset -e\n");
    }
  }

  @Test
  void scriptsToleratePlacesWithoutRunningSystemd() {
    assertThat(control.get("postinst").text())
        .contains("[ -d /run/systemd/system ]")
        .contains("deb-systemd-helper enable 'campusedge-agent.service'")
        .as("the launcher's class data sharing archives: made again after every install")
        .contains("install -d -o campusedge -g campusedge -m 0750 /var/lib/campusedge/cds")
        .contains("rm -f /var/lib/campusedge/cds/*.jsa");
    assertThat(control.get("prerm").text()).contains("deb-systemd-invoke stop");
    assertThat(control.get("postrm").text())
        .contains("rm -rf /var/lib/campusedge /etc/campusedge")
        .contains("deluser --quiet --system campusedge");
  }

  @Test
  void onlyTheJvmOptionsAndTheExampleAreConffiles() {
    assertThat(control.get("conffiles").text().lines())
        .containsExactlyInAnyOrder(
            "/etc/default/campusedge-agent", "/etc/campusedge/agent.yaml.example");
    assertThat(data).doesNotContainKey("etc/campusedge/agent.yaml");
  }

  @Test
  void shipsTheAgentLauncherUnitAndDocs() {
    assertThat(data)
        .containsKeys(
            HOME + "campusedge-agent.jar",
            "usr/bin/campusedge-agent",
            UNIT,
            "etc/default/campusedge-agent",
            "etc/campusedge/agent.yaml.example",
            "usr/share/doc/campusedge-agent/copyright",
            "usr/share/doc/campusedge-agent/changelog.gz",
            "usr/share/man/man1/campusedge-agent.1.gz");
    assertThat(data.get("usr/bin/campusedge-agent").mode()).isEqualTo(0755);
    assertThat(data.get("usr/bin/campusedge-agent").text())
        .contains(
            "packaged=/usr/share/campusedge-agent/campusedge-agent.jar",
            "exec java $cds ${CAMPUSEDGE_JAVA_OPTS:-} -jar \"$jar\" \"$@\"");
    assertThat(data.values().stream().filter(e -> !e.directory()))
        .allSatisfy(
            e ->
                assertThat(e.mode())
                    .as(e.path())
                    .isEqualTo(e.path().equals("usr/bin/campusedge-agent") ? 0755 : 0644));
  }

  @Test
  void everyJarOnTheAgentsClassPathIsShipped() throws IOException {
    byte[] jar = data.get(HOME + "campusedge-agent.jar").content();
    try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
      String classPath = in.getManifest().getMainAttributes().getValue("Class-Path");
      assertThat(in.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.campusedge.agent.AgentCommand");
      List<String> entries = Arrays.asList(classPath.trim().split("\\s+"));
      assertThat(entries).isNotEmpty().allSatisfy(e -> assertThat(data).containsKey(HOME + e));
      List<String> shipped =
          data.keySet().stream()
              .filter(p -> p.startsWith(HOME + "lib/") && p.endsWith(".jar"))
              .map(p -> p.substring(HOME.length()))
              .collect(Collectors.toList());
      assertThat(shipped)
          .as("no jar outside the agent's class path")
          .containsExactlyInAnyOrderElementsOf(entries);
    }
  }

  /**
   * Paho's jar is signed; the package ships it without the signature files (the JVM would verify
   * them at the first Paho class, ~2 MiB resident on a gateway), its classes all there.
   */
  @Test
  void pahoIsShippedWholeWithoutItsSignatureFiles() throws IOException {
    String paho =
        data.keySet().stream()
            .filter(p -> p.startsWith(HOME + "lib/org.eclipse.paho.mqttv5.client-"))
            .findFirst()
            .orElseThrow();
    List<String> names = new ArrayList<>();
    try (ZipInputStream in =
        new ZipInputStream(new ByteArrayInputStream(data.get(paho).content()))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        names.add(entry.getName());
      }
    }
    assertThat(names)
        .contains(
            "META-INF/MANIFEST.MF",
            "org/eclipse/paho/mqttv5/client/MqttAsyncClient.class",
            "META-INF/services/org.eclipse.paho.mqttv5.client.spi.NetworkModuleFactory")
        .noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
    assertThat(names.stream().filter(name -> name.endsWith(".class")).count()).isGreaterThan(100);
  }

  @Test
  void unitRestartsAndIsHardenedButReachesTheBuses() {
    List<String> unit = data.get(UNIT).text().lines().toList();
    assertThat(unit)
        .contains(
            "Type=simple",
            "User=campusedge",
            "EnvironmentFile=-/etc/default/campusedge-agent",
            "ExecStart=/usr/bin/campusedge-agent run --config /etc/campusedge/agent.yaml",
            "ConditionPathExists=/etc/campusedge/agent.yaml",
            "Restart=on-failure",
            "RestartSec=5",
            "RestartForceExitStatus=10",
            "NoNewPrivileges=yes",
            "ProtectSystem=strict",
            "ReadWritePaths=/var/lib/campusedge /etc/campusedge",
            "PrivateTmp=yes",
            "ProtectHome=yes",
            "CapabilityBoundingSet=",
            "AmbientCapabilities=",
            "ProtectKernelTunables=yes",
            "ProtectControlGroups=yes",
            "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK",
            "LockPersonality=yes",
            "WantedBy=multi-user.target");
    assertThat(unit).anyMatch(l -> l.startsWith("StartLimitIntervalSec="));
    assertThat(unit).anyMatch(l -> l.startsWith("StartLimitBurst="));
    // The JIT needs W+X memory; the buses are device nodes; DeviceAllow= would close the others.
    assertThat(unit)
        .noneMatch(l -> l.startsWith("MemoryDenyWriteExecute="))
        .noneMatch(l -> l.startsWith("PrivateDevices="))
        .noneMatch(l -> l.startsWith("DevicePolicy="))
        .noneMatch(l -> l.startsWith("DeviceAllow="))
        .noneMatch(l -> l.startsWith("ProtectClock="));
  }

  @Test
  void jvmOptionsFileKeepsTheAgentSmall() {
    assertThat(data.get("etc/default/campusedge-agent").text())
        .contains(
            "CAMPUSEDGE_JAVA_OPTS=\"-Xms8m -Xmx32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
                + " -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
                + " -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m"
                + " -XX:TrimNativeHeapInterval=5000\"");
  }

  @Test
  void compressedDocsHaveNoTimestampAndMaximumCompression() throws IOException {
    for (String path :
        List.of(
            "usr/share/doc/campusedge-agent/changelog.gz",
            "usr/share/man/man1/campusedge-agent.1.gz")) {
      byte[] gz = data.get(path).content();
      // RFC 1952: bytes 4-7 MTIME, byte 8 XFL (2 = maximum compression), FLG bit 3 FNAME.
      assertThat(Arrays.copyOfRange(gz, 4, 8)).as(path + " mtime").containsOnly(0);
      assertThat(gz[8]).as(path + " XFL").isEqualTo((byte) 2);
      assertThat(gz[3] & 0x08).as(path + " file name").isZero();
    }
    String changelog =
        new String(
            DebArchive.gunzip(data.get("usr/share/doc/campusedge-agent/changelog.gz").content()),
            StandardCharsets.UTF_8);
    assertThat(changelog).startsWith("campusedge-agent (" + DEB_VERSION + ") unstable;");
    assertThat(data.get("usr/share/doc/campusedge-agent/copyright").text())
        .startsWith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
        .contains("License: Apache-2.0");
  }

  @Test
  void dpkgDebAcceptsThePackage() throws Exception {
    assumeTrue(onPath("dpkg-deb"), "dpkg-deb is not installed: check by dpkg-deb skipped");
    Process info = new ProcessBuilder("dpkg-deb", "--info", deb.toString()).start();
    String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(info.waitFor()).isZero();
    assertThat(out).contains("Package: campusedge-agent", "Version: " + DEB_VERSION);
  }

  private static Map<String, String> fields() {
    Map<String, String> fields = new LinkedHashMap<>();
    String last = null;
    for (String line : control.get("control").text().lines().toList()) {
      if (line.startsWith(" ") && last != null) {
        fields.merge(last, "\n" + line, String::concat);
      } else if (line.contains(":")) {
        last = line.substring(0, line.indexOf(':'));
        fields.put(last, line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return fields;
  }

  private static boolean onPath(String tool) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }
}
