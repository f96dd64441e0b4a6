package io.campusedge.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pi-gen stage's scripts run with bash against a fake root file system, as pi-gen runs them on
 * the build host (pi-gen itself needs the Raspberry Pi OS archive and qemu, which this machine does
 * not reach): the buses are switched on idempotently, the package goes into the image through apt
 * in the chroot, and a missing package stops the build with a clear message.
 */
class PiGenStageIT {
  private static final Path STAGE = Path.of("pi-gen/stage-campusedge");

  @TempDir Path rootfs;

  @BeforeEach
  void raspberryPiOsFiles() throws IOException {
    Files.createDirectories(rootfs.resolve("boot/firmware"));
    Files.createDirectories(rootfs.resolve("etc"));
    Files.createDirectories(rootfs.resolve("tmp"));
    Files.writeString(
        rootfs.resolve("boot/firmware/config.txt"),
        "# Uncomment some or all of these to enable the optional hardware interfaces\n"
            + "#dtparam=i2c_arm=on\n#dtparam=i2s=on\n#dtparam=spi=on\n");
    Files.writeString(rootfs.resolve("etc/modules"), "# /etc/modules\n");
  }

  @Test
  void busesAreSwitchedOnOnceEvenWhenTheStepRunsTwice() throws Exception {
    Path step = STAGE.resolve("01-enable-buses");
    assertThat(run(step, "./00-run.sh", Map.of()).exitCode()).isZero();
    assertThat(run(step, "./00-run.sh", Map.of()).exitCode()).isZero();

    List<String> config = Files.readAllLines(rootfs.resolve("boot/firmware/config.txt"));
    assertThat(config).containsOnlyOnce("dtparam=i2c_arm=on", "dtparam=spi=on");
    assertThat(config).contains("#dtparam=i2s=on");
    assertThat(Files.readAllLines(rootfs.resolve("etc/modules"))).containsOnlyOnce("i2c-dev");
  }

  @Test
  void thePackageIsInstalledWithAptInTheChroot() throws Exception {
    Path deb = rootfs.resolveSibling(rootfs.getFileName() + "-agent.deb");
    Files.writeString(deb, "not really a package");
    Result result =
        run(
            STAGE.resolve("00-campusedge-agent"),
            "./00-run.sh",
            Map.of("CAMPUSEDGE_DEB", deb.toString()));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(rootfs.resolve("tmp/campusedge-agent.deb")).exists();
    assertThat(Files.readString(rootfs.resolve("chroot-script")))
        .contains("apt-get install -y --no-install-recommends /tmp/campusedge-agent.deb");
    assertThat(Files.readString(rootfs.resolve("etc/motd"))).contains("campusedge-agent provision");
  }

  @Test
  void aMissingPackageStopsTheBuildSayingWhatToDo() throws Exception {
    Result result =
        run(
            STAGE.resolve("00-campusedge-agent"),
            "./00-run.sh",
            Map.of("CAMPUSEDGE_DEB", rootfs.resolve("nowhere.deb").toString()));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("no agent package at", "set CAMPUSEDGE_DEB");
  }

  @Test
  void theStageExportsAnImageAndStartsFromThePreviousStage() throws IOException {
    assertThat(Files.readString(STAGE.resolve("EXPORT_IMAGE")))
        .contains("IMG_SUFFIX=\"-campusedge\"");
    assertThat(Files.readString(STAGE.resolve("prerun.sh"))).contains("copy_previous");
    assertThat(STAGE.resolve("prerun.sh")).isExecutable();
  }

  private record Result(int exitCode, String output) {}

  /** Runs a stage script as pi-gen does: in its folder, with ROOTFS_DIR and a fake on_chroot. */
  private Result run(Path folder, String script, Map<String, String> env) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash",
                "-c",
                "on_chroot() { cat > \"${ROOTFS_DIR}/chroot-script\"; }; export -f on_chroot; "
                    + script)
            .directory(folder.toFile())
            .redirectErrorStream(true);
    builder.environment().put("ROOTFS_DIR", rootfs.toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }
}
