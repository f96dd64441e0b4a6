package io.campusedge.drivers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SiteKeyTest {

  @Test
  void matchesRfc4231TestCase1() {
    // RFC 4231 section 4.2, test case 1: key = 20 bytes of 0x0b, data = "Hi There".
    SiteKey key = new SiteKey("k1", HexFormat.of().parseHex("0b".repeat(20)));
    assertThat(
            HexFormat.of().formatHex(key.reference("Hi There".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  }

  @Test
  void neverPrintsTheKeyAndRefusesShortKeys() {
    SiteKey key = new SiteKey("k1", new byte[32]);
    assertThat(key.toString()).isEqualTo("SiteKey[id=k1, key=****]");
    assertThatThrownBy(() -> new SiteKey("k1", new byte[8])).hasMessageContaining("at least 16");
  }
}
