package io.campusedge.simulators.devices.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.drivers.api.DeviceDriver;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real wiegand driver against pulse trains on the fake GPIO lines. */
class WiegandReaderTest {
  private static final int D0 = 17;
  private static final int D1 = 27;
  private final AttendanceRig rig = new AttendanceRig();
  private final WiegandReaderSim reader =
      new WiegandReaderSim(rig.buses.pin(D0), rig.buses.pin(D1));
  private DeviceDriver driver;

  @AfterEach
  void closeDriver() {
    rig.close();
  }

  private void open(Map<String, Object> extra) throws Exception {
    Map<String, Object> params = new java.util.HashMap<>(Map.of("d0Pin", D0, "d1Pin", D1));
    params.putAll(extra);
    driver = rig.open("wiegand", params);
  }

  /** Polls until {@code taps} taps and {@code statuses} statuses have arrived. */
  private void pollUntil(int taps, int statuses) {
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              driver.poll();
              assertThat(rig.taps).hasSize(taps);
              assertThat(rig.statuses).hasSize(statuses);
            });
  }

  @Test
  void simulatorFramesMatchTheCivintecVector() {
    // CIVINTEC CN56X0B-X manual 6.4.2: D4 1B 81 -> 1 11010100 00011011 10000001 0.
    assertThat(WiegandReaderSim.h10301(0xD4, 0x1B81))
        .isEqualTo("1" + "11010100" + "00011011" + "10000001" + "0");
    // 6.4.5: 89 D4 1B 81 -> 1 ... 1.
    assertThat(WiegandReaderSim.w34(0x89D41B81L))
        .isEqualTo("1" + "10001001110101000001101110000001" + "1");
  }

  @Test
  void a26BitCardGivesOneTapOfItsFacilityAndCardNumberBytes() throws Exception {
    open(Map.of());
    reader.send(WiegandReaderSim.h10301(212, 7041));
    pollUntil(1, 0);
    // The hashed identity is the 24 data bits: facility 0xD4, card 0x1B81.
    assertThat(rig.taps.get(0).getCardRef().toByteArray()).isEqualTo(AttendanceRig.ref("D41B81"));
  }

  @Test
  void a34BitReaderSendsTheFourByteUid() throws Exception {
    open(Map.of("bits", 34));
    reader.send(WiegandReaderSim.w34(0xDEADBEEFL));
    pollUntil(1, 0);
    assertThat(rig.taps.get(0).getCardRef().toByteArray()).isEqualTo(AttendanceRig.ref("DEADBEEF"));
  }

  @Test
  void aRepeatWithinTheWindowIsSuppressedAndAfterItCounts() throws Exception {
    open(Map.of("repeatWindow", "3s"));
    String card = WiegandReaderSim.h10301(212, 7041);
    reader.send(card);
    pollUntil(1, 0);
    rig.clock.advance(Duration.ofMillis(2_500));
    reader.send(card);
    long frameClosed = reader.lastFrameEnd() + Duration.ofMillis(25).toNanos();
    await().atMost(Duration.ofSeconds(2)).until(() -> System.nanoTime() > frameClosed);
    driver.poll();
    assertThat(rig.taps).hasSize(1);

    rig.clock.advance(Duration.ofMillis(500));
    reader.send(card);
    pollUntil(2, 0);
  }

  @Test
  void parityErrorTruncatedFrameAndNoiseGiveNoTapButAReasonThenRecover() throws Exception {
    open(Map.of());
    String card = WiegandReaderSim.h10301(212, 7041);

    reader.send(WiegandReaderSim.flipBit(card, 5));
    pollUntil(0, 1);
    assertThat(rig.lastStatus().getError())
        .isEqualTo("Wiegand 26 even parity error over bits 1-12 (noise on the D0/D1 lines?)");

    reader.send(card.substring(0, 20));
    pollUntil(0, 2);
    assertThat(rig.lastStatus().getError())
        .startsWith("Wiegand frame had 20 bits, expected 26 (loose D0/D1 wire");

    reader.sendWithGlitch(card);
    pollUntil(0, 3);
    assertThat(rig.lastStatus().getError())
        .isEqualTo("Wiegand frame dropped: a 2 us glitch on D1 (electrical noise)");

    reader.send(card);
    pollUntil(1, 4);
    assertThat(rig.lastStatus().getReachable()).isTrue();
    assertThat(rig.lastStatus().getError()).isEmpty();
  }

  @Test
  void withoutSiteKeyNoTapAndTheTechnicianIsTold() throws Exception {
    driver = rig.open("wiegand", Map.of("d0Pin", D0, "d1Pin", D1), Optional.empty());
    reader.send(WiegandReaderSim.h10301(1, 1));
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              driver.poll();
              assertThat(rig.statuses).isNotEmpty();
            });
    driver.poll();
    assertThat(rig.taps).isEmpty();
    assertThat(rig.statuses)
        .allSatisfy(
            status ->
                assertThat(status.getError())
                    .isEqualTo("no site key provisioned; run campusedge-agent provision"));
  }

  @Test
  void aGoodTapPulsesTheFeedbackPin() throws Exception {
    open(Map.of("feedbackPin", 22, "feedbackMs", 20));
    reader.send(WiegandReaderSim.h10301(212, 7041));
    pollUntil(1, 0);
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              assertThat(rig.buses.pin(22).transitions()).isEqualTo(2);
              assertThat(rig.buses.pin(22).isHighNow()).isFalse();
            });
  }
}
