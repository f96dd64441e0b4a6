package io.campusedge.drivers.display.pjlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code passwordFile}: the PJLink password kept out of the agent config, never in a message. */
class PjlinkPasswordFileTest {
  private static final String SECRET = "JBMIAProjectorLink";

  @TempDir Path dir;

  private static PjlinkConfig config(Object... kv) throws DriverConfigException {
    Map<String, Object> params = new HashMap<>();
    params.put("host", "192.0.2.10");
    for (int i = 0; i < kv.length; i += 2) {
      params.put((String) kv[i], kv[i + 1]);
    }
    return PjlinkFactory.config(
        new DeviceSpec("a101-projector", "pjlink", "A101", Duration.ofSeconds(30), params));
  }

  @Test
  void thePasswordIsTheFilesLineWithoutItsNewline() throws Exception {
    Path file = dir.resolve("a101.pass");
    Files.writeString(file, SECRET + "\r\n");
    PjlinkConfig config = config("passwordFile", file.toString());
    assertThat(config.password()).contains(SECRET);
    assertThat(config.toString()).doesNotContain(SECRET);
    // The MD5 the projector checks is the one of the appendix vector, so no newline slipped in.
    assertThat(PjlinkAuth.digest("498e4a67", config.password().orElseThrow()))
        .isEqualTo("5d8409bc1c3fa39749434aa3a5c38682");
  }

  @Test
  void aMissingFileIsAConfigErrorNamingTheFile() {
    Path missing = dir.resolve("nope.pass");
    assertThatThrownBy(() -> config("passwordFile", missing.toString()))
        .isInstanceOf(DriverConfigException.class)
        .hasMessage(
            "device 'a101-projector': parameter 'passwordFile' '" + missing + "' does not exist");
  }

  @Test
  void aFolderOrAnEmptyNameIsAConfigError() {
    assertThatThrownBy(() -> config("passwordFile", dir.toString()))
        .hasMessageContaining("'passwordFile' '" + dir + "' is not a file");
    assertThatThrownBy(() -> config("passwordFile", " "))
        .hasMessageContaining("'passwordFile' is empty");
  }

  @Test
  void badContentIsRefusedWithoutRepeatingIt() throws Exception {
    Path spaces = dir.resolve("spaces.pass");
    Files.writeString(spaces, "secret with spaces\n");
    assertThatThrownBy(() -> config("passwordFile", spaces.toString()))
        .hasMessageContaining("'passwordFile' must be printable ASCII without spaces (in " + spaces)
        .message()
        .doesNotContain("secret");
    Path empty = dir.resolve("empty.pass");
    Files.writeString(empty, "\n");
    assertThatThrownBy(() -> config("passwordFile", empty.toString()))
        .hasMessageContaining("'passwordFile' must be 1 to 32 characters");
    Path tooLong = dir.resolve("long.pass");
    Files.writeString(tooLong, "x".repeat(300));
    assertThatThrownBy(() -> config("passwordFile", tooLong.toString()))
        .hasMessageContaining("is larger than a PJLink password file can be");
    Path notAscii = dir.resolve("utf8.pass");
    Files.write(notAscii, "mậtkhẩu".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> config("passwordFile", notAscii.toString()))
        .hasMessageContaining("holds characters that are not ASCII")
        .message()
        .doesNotContain("mậtkhẩu");
  }

  @Test
  void passwordAndPasswordFileTogetherAreRefused() throws Exception {
    Path file = dir.resolve("a101.pass");
    Files.writeString(file, SECRET);
    assertThatThrownBy(() -> config("password", SECRET, "passwordFile", file.toString()))
        .hasMessageContaining("'passwordFile' give password or passwordFile, not both")
        .message()
        .doesNotContain(SECRET);
  }
}
