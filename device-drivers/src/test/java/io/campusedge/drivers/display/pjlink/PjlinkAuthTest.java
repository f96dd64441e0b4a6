package io.campusedge.drivers.display.pjlink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PjlinkAuthTest {

  /** JBMIA PJLink Class 1 v1.04 / Class 2 v2.00, appendix: authentication example. */
  @Test
  void specificationAppendixVector() {
    assertThat(PjlinkAuth.digest("498e4a67", "JBMIAProjectorLink"))
        .isEqualTo("5d8409bc1c3fa39749434aa3a5c38682");
  }

  @Test
  void digestDependsOnRandomAndPassword() {
    String reference = PjlinkAuth.digest("498e4a67", "JBMIAProjectorLink");
    assertThat(PjlinkAuth.digest("498e4a68", "JBMIAProjectorLink")).isNotEqualTo(reference);
    assertThat(PjlinkAuth.digest("498e4a67", "JBMIAProjectorLinK")).isNotEqualTo(reference);
    assertThat(reference).hasSize(32).matches("[0-9a-f]{32}");
  }
}
