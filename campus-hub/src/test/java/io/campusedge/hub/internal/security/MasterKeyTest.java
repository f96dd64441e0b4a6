package io.campusedge.hub.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
  @TempDir Path dataDir;

  @Test
  void aGeneratedKeyFileIsOwnerOnlyAndReusedOnTheNextStart() throws Exception {
    MasterKey first = MasterKey.load(Optional.empty(), dataDir);
    Path file = dataDir.resolve(MasterKey.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);

    MasterKey.Sealed sealed = first.seal(new byte[] {1, 2, 3}, "site-key/s1/k1");
    MasterKey again = MasterKey.load(Optional.of(""), dataDir);
    assertThat(again.open(sealed, "site-key/s1/k1")).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> again.open(sealed, "site-key/s2/k1"))
        .hasMessageContaining("site-key/s2/k1");
    assertThat(first.toString()).doesNotContain(Files.readString(file).strip());
  }

  @Test
  void aConfiguredKeyWinsAndMustBe32Base64Bytes() {
    String configured = Base64.getEncoder().encodeToString(new byte[32]);
    MasterKey key = MasterKey.load(Optional.of(configured), dataDir);
    assertThat(Files.exists(dataDir.resolve(MasterKey.FILE_NAME))).isFalse();
    assertThat(key.open(key.seal(new byte[] {7}, "a"), "a")).containsExactly(7);

    assertThatThrownBy(() -> MasterKey.load(Optional.of("c2hvcnQ="), dataDir))
        .hasMessageContaining("holds 5 bytes; it must be 32");
    assertThatThrownBy(() -> MasterKey.load(Optional.of("not base64!"), dataDir))
        .hasMessageContaining("not base64");
  }
}
