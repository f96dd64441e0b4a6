package io.campusedge.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the package's launcher ({@code /usr/bin/campusedge-agent}) with {@code sh} and a fake {@code
 * java} that prints what it was asked to start: which version it picks, and that it counts starts
 * of a pending update and falls back to the previous version after too many (a crash at JVM start).
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("src/deb/files/usr/bin/campusedge-agent");
  private static final String PACKAGED = "/usr/share/campusedge-agent/campusedge-agent.jar";

  @TempDir Path dir;
  private Path versions;

  @BeforeEach
  void fakeJava() throws IOException {
    versions = dir.resolve("versions");
    Files.createDirectories(versions);
    Path bin = dir.resolve("bin");
    Files.createDirectories(bin);
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"install=$CAMPUSEDGE_INSTALL args=$*\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void withoutAnUpdateThePackagedVersionRuns() throws Exception {
    assertThat(launch("run", "--config", "agent.yaml"))
        .isEqualTo("install=package args=-jar " + PACKAGED + " run --config agent.yaml");
  }

  @Test
  void runStartsTheCurrentVersionAndCountsStartsWhileItIsPending() throws Exception {
    install("0.1.0");
    install("0.2.0");
    Files.writeString(versions.resolve("current"), "0.2.0\n");
    Files.writeString(versions.resolve("pending"), pending("0.1.0"));

    String first = launch("run", "--config", "agent.yaml");

    assertThat(first)
        .isEqualTo(
            "install=0.2.0 args=-jar "
                + versions.resolve("0.2.0/campusedge-agent.jar")
                + " run --config agent.yaml");
    assertThat(Files.readAllLines(versions.resolve("pending.attempts"))).hasSize(1);
    assertThat(launch("status"))
        .as("other commands: the package's version, not counted")
        .startsWith("install=package args=-jar " + PACKAGED);
    assertThat(Files.readAllLines(versions.resolve("pending.attempts"))).hasSize(1);
  }

  @Test
  void afterMaxAttemptsStartsThePreviousVersionRuns() throws Exception {
    install("0.1.0");
    install("0.2.0");
    Files.writeString(versions.resolve("current"), "0.2.0\n");
    Files.writeString(versions.resolve("pending"), pending("0.1.0"));

    for (int i = 0; i < 3; i++) {
      assertThat(launch("run")).startsWith("install=0.2.0 ");
    }
    String fourth = launch("run");

    assertThat(fourth)
        .isEqualTo(
            "install=0.1.0 args=-jar " + versions.resolve("0.1.0/campusedge-agent.jar") + " run");
  }

  @Test
  void aPendingUpdateOverThePackageFallsBackToThePackage() throws Exception {
    install("0.2.0");
    Files.writeString(versions.resolve("current"), "0.2.0\n");
    Files.writeString(versions.resolve("pending"), pending("package"));
    Files.writeString(versions.resolve("pending.attempts"), "1\n2\n3\n");

    assertThat(launch("run")).isEqualTo("install=package args=-jar " + PACKAGED + " run");
  }

  @Test
  void aCurrentFileNamingNoInstalledVersionRunsThePackage() throws Exception {
    Files.writeString(versions.resolve("current"), "0.9.0\n");
    assertThat(launch("run")).startsWith("install=package args=-jar " + PACKAGED);

    Files.writeString(versions.resolve("current"), "../../tmp/evil\n");
    assertThat(launch("run")).startsWith("install=package args=-jar " + PACKAGED);
  }

  @Test
  void runArchivesItsClassesOnceAndMapsTheArchiveFromThenOn() throws Exception {
    Path cds = Files.createDirectories(dir.resolve("cds"));
    Path archive = cds.resolve("package.jsa");

    assertThat(launch("run", "--config", "agent.yaml"))
        .isEqualTo(
            "install=package args=-XX:ArchiveClassesAtExit="
                + archive
                + " -jar "
                + PACKAGED
                + " run --config agent.yaml");
    assertThat(launch("status")).doesNotContain("-XX:");

    Files.writeString(archive, "classes");
    assertThat(launch("run", "--config", "agent.yaml"))
        .startsWith("install=package args=-XX:SharedArchiveFile=" + archive + " -jar ");

    Files.setLastModifiedTime(
        archive, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    assertThat(launch("run", "--config", "agent.yaml"))
        .as("a java binary newer than the archive: archived again")
        .startsWith("install=package args=-XX:ArchiveClassesAtExit=" + archive + " -jar ");
    assertThat(archive).doesNotExist();
  }

  private static String pending(String previous) {
    return "deadline=1765012200000\nmaxAttempts=3\nprevious=" + previous + "\nversion=0.2.0\n";
  }

  private void install(String version) throws IOException {
    Files.createDirectories(versions.resolve(version));
    Files.writeString(versions.resolve(version).resolve("campusedge-agent.jar"), version);
  }

  private String launch(String... args) throws Exception {
    String[] command = new String[args.length + 2];
    command[0] = "sh";
    command[1] = LAUNCHER.toAbsolutePath().toString();
    System.arraycopy(args, 0, command, 2, args.length);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
    Map<String, String> env = builder.environment();
    env.put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
    env.put("CAMPUSEDGE_VERSIONS_DIR", versions.toString());
    env.remove("CAMPUSEDGE_JAVA_OPTS");
    env.put("CAMPUSEDGE_CDS_DIR", dir.resolve("cds").toString());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).isZero();
    return out.strip();
  }
}
