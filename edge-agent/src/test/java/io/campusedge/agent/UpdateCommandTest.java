package io.campusedge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.agent.internal.update.BundleManifest;
import io.campusedge.agent.internal.update.Versions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UpdateCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new AgentCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void keygenWritesAPrivateKeyOnlyItsOwnerCanRead() throws Exception {
    Path prefix = dir.resolve("keys/release");

    assertThat(run("update", "keygen", "--out", prefix.toString())).isZero();

    Path key = dir.resolve("keys/release.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(dir.resolve("keys/release.pub")))
        .startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(run("update", "keygen", "--out", prefix.toString()))
        .as("never overwrites a key")
        .isEqualTo(UpdateCommand.USAGE);
  }

  @Test
  void bundleSignVerifyAsTheReleaseManagerDoes() throws Exception {
    Path jar = dir.resolve("campusedge-agent.jar");
    Files.writeString(jar, "agent");
    Files.createDirectories(dir.resolve("lib"));
    Files.writeString(dir.resolve("lib/h2.jar"), "h2");
    Path bundle = dir.resolve("campusedge-agent-update_0.2.0.zip");
    run("update", "keygen", "--out", dir.resolve("release").toString());
    run("update", "keygen", "--out", dir.resolve("other").toString());

    assertThat(
            run(
                "update",
                "bundle",
                "--jar",
                jar.toString(),
                "--lib",
                dir.resolve("lib").toString(),
                "--version",
                "0.2.0",
                "--created",
                "2026-12-01T00:00:00Z",
                "--out",
                bundle.toString()))
        .isZero();
    assertThat(
            run(
                "update",
                "verify",
                "--key",
                dir.resolve("release.pub").toString(),
                bundle.toString()))
        .as("unsigned")
        .isEqualTo(UpdateCommand.REFUSED);
    assertThat(
            run(
                "update",
                "sign",
                "--key",
                dir.resolve("release.key").toString(),
                bundle.toString()))
        .isZero();

    assertThat(out.toString()).contains("version: 0.2.0", "sha256 (hex): ");
    try (ZipFile zip = new ZipFile(bundle.toFile())) {
      assertThat(zip.getEntry(BundleManifest.SIGNATURE_FILE)).isNotNull();
      assertThat(zip.getEntry("lib/h2.jar")).isNotNull();
    }
    assertThat(
            run(
                "update",
                "verify",
                "--key",
                dir.resolve("release.pub").toString(),
                bundle.toString()))
        .isZero();
    assertThat(
            run(
                "update",
                "verify",
                "--key",
                dir.resolve("other.pub").toString(),
                bundle.toString()))
        .isEqualTo(UpdateCommand.REFUSED);
    assertThat(err.toString()).contains("not valid for any trusted update key");
  }

  @Test
  void statusAndRollbackByHand() throws Exception {
    Versions versions = new Versions(dir.resolve("versions"));
    Files.createDirectories(versions.versionDir("0.2.0"));
    versions.switchTo("0.2.0", "package", Instant.parse("2026-12-06T09:10:00Z"), 3);

    assertThat(run("update", "status", "--data-dir", dir.toString())).isZero();
    assertThat(out.toString())
        .contains("current: 0.2.0")
        .contains("pending: 0.2.0 (previous package, must confirm by 2026-12-06T09:10:00Z");

    assertThat(run("update", "rollback", "--data-dir", dir.toString())).isZero();
    assertThat(out.toString()).contains("Switched from 0.2.0 to package");
    assertThat(versions.current()).isEqualTo(Versions.PACKAGE);
    assertThat(run("update", "status", "--data-dir", dir.toString())).isZero();
    assertThat(out.toString()).contains("last rollback: 0.2.0 -> package at ");
    assertThat(run("update", "rollback", "--data-dir", dir.toString()))
        .isEqualTo(UpdateCommand.USAGE);
  }
}
