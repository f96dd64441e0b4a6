package io.campusedge.agent.internal.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BdSeqFileTest {
  @TempDir Path dir;

  @Test
  void everySessionTakesTheNextValueAndARestartContinues() throws Exception {
    assertThat(new BdSeqFile(dir).next()).isZero();
    assertThat(new BdSeqFile(dir).next()).isEqualTo(1);
    BdSeqFile file = new BdSeqFile(dir);
    assertThat(file.next()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("sparkplug-bdseq")).strip()).isEqualTo("2");
  }

  @Test
  void wrapsAfter255() throws Exception {
    Files.writeString(dir.resolve("sparkplug-bdseq"), "255\n");
    assertThat(new BdSeqFile(dir).next()).isZero();
  }

  @Test
  void aDamagedFileStartsAgainAtZero() throws Exception {
    Files.writeString(dir.resolve("sparkplug-bdseq"), "garbage");
    assertThat(new BdSeqFile(dir).next()).isZero();
  }
}
