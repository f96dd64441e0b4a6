package io.campusedge.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.agent.AgentCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The update bundle the build made (unsigned), signed here as the release manager would, then
 * verified as a gateway would.
 */
class UpdateBundleIT {
  private static final String VERSION = System.getProperty("project.version");
  private static final Path BUNDLE =
      Path.of(System.getProperty("deb.directory"), "campusedge-agent-update_" + VERSION + ".zip");

  @TempDir Path dir;

  @Test
  void theBuiltBundleIsUnsignedAndPinsEveryFile() throws Exception {
    assertThat(BUNDLE).exists();
    try (ZipFile zip = new ZipFile(BUNDLE.toFile())) {
      assertThat(zip.getEntry("manifest.sig")).as("never signed in the build").isNull();
      String manifest = text(zip, "manifest.json");
      assertThat(manifest)
          .contains("\"version\" : \"" + VERSION + "\"")
          .contains("\"agentJar\" : \"campusedge-agent.jar\"");
      List<? extends ZipEntry> files =
          zip.stream().filter(e -> !e.getName().startsWith("manifest.")).toList();
      assertThat(files).extracting(ZipEntry::getName).contains("campusedge-agent.jar");
      assertThat(files).anyMatch(e -> e.getName().startsWith("lib/"));
      for (ZipEntry file : files) {
        assertThat(manifest)
            .as(file.getName())
            .contains("\"" + file.getName() + "\" : \"" + sha256(zip, file) + "\"");
      }
    }
  }

  @Test
  void theReleaseManagerSignsItAndAGatewayAcceptsOnlyItsKey() throws Exception {
    Path bundle = dir.resolve(BUNDLE.getFileName());
    Files.copy(BUNDLE, bundle, StandardCopyOption.REPLACE_EXISTING);
    assertThat(cli("update", "keygen", "--out", dir.resolve("release").toString()).code()).isZero();
    assertThat(cli("update", "keygen", "--out", dir.resolve("other").toString()).code()).isZero();

    Result signed =
        cli("update", "sign", "--key", dir.resolve("release.key").toString(), "" + bundle);
    Result good =
        cli("update", "verify", "--key", dir.resolve("release.pub").toString(), "" + bundle);
    Result wrong =
        cli("update", "verify", "--key", dir.resolve("other.pub").toString(), "" + bundle);

    assertThat(signed.code()).as(signed.err()).isZero();
    assertThat(signed.out()).contains("version: " + VERSION, "sha256 (hex): ");
    assertThat(good.code()).as(good.err()).isZero();
    assertThat(wrong.code()).isEqualTo(4);
    assertThat(wrong.err()).contains("not valid for any trusted update key");
  }

  private record Result(int code, String out, String err) {}

  private static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new AgentCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private static String text(ZipFile zip, String name) throws IOException {
    try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String sha256(ZipFile zip, ZipEntry entry) throws Exception {
    try (InputStream in = zip.getInputStream(entry)) {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    }
  }
}
