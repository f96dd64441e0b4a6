package io.campusedge.simulators.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChaosScenarioTest {
  @Test
  void readsGatewaysAndStepsInOrder() {
    ChaosScenario scenario =
        ChaosScenario.parse(
            "t",
            """
            scenario a bad morning
            gateway gw-1 process   # child JVM
            gateway gw-2 in-process 256
            run 1.5s
            kill gw-1
            network-down gw-2
            fill-outbox gw-2 100
            skew-clock gw-2 -3h
            restart-hub
            """);

    assertThat(scenario.name()).isEqualTo("a bad morning");
    assertThat(scenario.gateways().get("gw-2").outboxKib()).isEqualTo(256);
    assertThat(scenario.steps())
        .containsExactly(
            new ChaosStep.Run(Duration.ofMillis(1500)),
            new ChaosStep.KillAgent("gw-1"),
            new ChaosStep.NetworkDown("gw-2"),
            new ChaosStep.FillOutbox("gw-2", 100),
            new ChaosStep.SkewClock("gw-2", Duration.ofHours(-3)),
            new ChaosStep.RestartHub());
  }

  @Test
  void aBadLineNamesItsNumberAndReason() {
    assertThatThrownBy(
            () -> ChaosScenario.parse("s.chaos", "gateway gw-1 in-process\nrun 1s\nkill gw-1\n"))
        .hasMessageContaining("s.chaos line 3")
        .hasMessageContaining("needs a process gateway");
    assertThatThrownBy(() -> ChaosScenario.parse("s.chaos", "gateway gw-1 process\nrun soon\n"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("not a duration");
    assertThatThrownBy(() -> ChaosScenario.parse("s.chaos", "gateway gw-1 process\nexplode\n"))
        .hasMessageContaining("unknown step 'explode'");
  }

  @Test
  void aGatewayOnASmallDiskTakesFillAndFreeDiskSteps() {
    ChaosScenario scenario =
        ChaosScenario.parse(
            "t",
            """
            gateway gw-sd in-process 256 disk 4096
            gateway gw-2 in-process disk 2048
            fill-disk gw-sd
            free-disk gw-sd
            """);

    assertThat(scenario.gateways().get("gw-sd"))
        .isEqualTo(
            new ChaosScenario.GatewaySpec("gw-sd", ChaosScenario.Kind.IN_PROCESS, 256, 4096));
    assertThat(scenario.gateways().get("gw-2").diskKib()).isEqualTo(2048);
    assertThat(scenario.gateways().get("gw-2").outboxKib()).isZero();
    assertThat(scenario.steps())
        .containsExactly(new ChaosStep.FillDisk("gw-sd"), new ChaosStep.FreeDisk("gw-sd"));
  }

  @Test
  void diskStepsNeedAGatewayWithASmallDisk() {
    assertThatThrownBy(
            () -> ChaosScenario.parse("s.chaos", "gateway gw-1 in-process 256\nfill-disk gw-1\n"))
        .hasMessageContaining("s.chaos line 2")
        .hasMessageContaining("needs a gateway declared with 'disk <KiB>'");
    assertThatThrownBy(() -> ChaosScenario.parse("s.chaos", "gateway gw-1 process disk 4096\n"))
        .hasMessageContaining("line 1")
        .hasMessageContaining("needs an in-process gateway");
    assertThatThrownBy(() -> ChaosScenario.parse("s.chaos", "gateway gw-1 in-process disk 4m\n"))
        .hasMessageContaining("disk size (KiB) must be a positive whole number, not '4m'");
    assertThatThrownBy(() -> ChaosScenario.parse("s.chaos", "gateway gw-1 in-process 256 disk\n"))
        .hasMessageContaining("[outbox KiB] [disk <KiB>]");
  }
}
