package io.campusedge.simulators.devices.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.simulators.devices.attendance.Mfrc522Chip.Fault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real mfrc522 driver against the register-level chip model. */
class Mfrc522ReaderTest {
  private static final String FOUR = "DEADBEEF";
  private static final String SEVEN = "04253645A1B2C3";
  private final AttendanceRig rig = new AttendanceRig();
  private final Mfrc522Chip chip = new Mfrc522Chip();

  @AfterEach
  void closeDriver() {
    rig.close();
  }

  private DeviceDriver reader() throws Exception {
    rig.buses.attachSpi(0, 0, chip);
    return rig.open("mfrc522", Map.of("bus", 0, "chipSelect", 0));
  }

  @Test
  void simulatorCrcMatchesIso14443AnnexB() {
    assertThat(Mfrc522Chip.crcA(new byte[] {0, 0}, 2)).isEqualTo(0x1EA0);
    assertThat(Mfrc522Chip.withCrc(new byte[] {0x50, 0})).containsExactly(0x50, 0, 0x57, 0xCD);
  }

  @Test
  void aFourByteCardGivesOneTapWithTheHashedUid() throws Exception {
    DeviceDriver driver = reader();
    driver.poll();
    assertThat(rig.taps).isEmpty();
    assertThat(chip.antennaOn()).isTrue();

    chip.place(VirtualCard.of(FOUR));
    driver.poll();
    driver.poll(); // the card is halted now and stays quiet while it lies on the reader

    assertThat(rig.taps)
        .singleElement()
        .satisfies(
            tap -> {
              assertThat(tap.getCardRef().toByteArray()).isEqualTo(AttendanceRig.ref(FOUR));
              assertThat(tap.getKeyId()).isEqualTo("k2026");
              assertThat(tap.getReaderId()).isEqualTo("reader-a101");
              assertThat(tap.getSourceTimeMs()).isEqualTo(rig.clock.millis());
            });
    assertThat(rig.statuses).isEmpty();
  }

  @Test
  void aSevenByteCardGivesOneTapWithTheHashedUid() throws Exception {
    DeviceDriver driver = reader();
    chip.place(VirtualCard.of(SEVEN));
    driver.poll();
    assertThat(rig.taps)
        .singleElement()
        .satisfies(
            tap -> assertThat(tap.getCardRef().toByteArray()).isEqualTo(AttendanceRig.ref(SEVEN)));
  }

  @Test
  void theSameCardWithinTheWindowIsOneTapAndAfterItAnother() throws Exception {
    DeviceDriver driver = reader();
    VirtualCard card = VirtualCard.of(FOUR);
    chip.place(card);
    driver.poll();
    chip.remove(card);
    rig.clock.advance(Duration.ofSeconds(2));
    chip.place(card);
    driver.poll();
    assertThat(rig.taps).hasSize(1);

    chip.remove(card);
    rig.clock.advance(Duration.ofSeconds(1));
    chip.place(card);
    driver.poll();
    assertThat(rig.taps).hasSize(2);
  }

  @Test
  void aMissingChipIsReportedAndTheReaderRecoversWhenPowerReturns() throws Exception {
    DeviceDriver driver = reader();
    driver.poll();
    int resetsBefore = chip.resets();
    chip.fault(Fault.NO_CHIP);
    chip.place(VirtualCard.of(FOUR));
    driver.poll();

    assertThat(rig.taps).isEmpty();
    assertThat(rig.lastStatus().getReachable()).isFalse();
    assertThat(rig.lastStatus().getError())
        .isEqualTo(
            "no MFRC522 answering on SPI 0.0 (VersionReg read 0x00; check wiring, 3.3 V supply and"
                + " that SPI is enabled)");

    chip.fault(Fault.NONE); // power back: registers at reset values, antenna off
    driver.poll();
    assertThat(chip.resets()).isGreaterThan(resetsBefore);
    assertThat(rig.taps).hasSize(1);
    assertThat(rig.lastStatus().getReachable()).isTrue();
    assertThat(rig.lastStatus().getError()).isEmpty();
  }

  @Test
  void nothingOnTheChipSelectReadsFloatingHigh() throws Exception {
    DeviceDriver driver = rig.open("mfrc522", Map.of("bus", 0, "chipSelect", 1));
    driver.poll();
    assertThat(rig.lastStatus().getReachable()).isFalse();
    assertThat(rig.lastStatus().getError()).contains("SPI 0.1 (VersionReg read 0xFF");
  }

  @Test
  void twoCardsCollideAndOneCardAloneReads() throws Exception {
    DeviceDriver driver = reader();
    VirtualCard first = VirtualCard.of(FOUR);
    VirtualCard second = VirtualCard.of("DEADBEEE");
    chip.place(first);
    chip.place(second);
    driver.poll();
    assertThat(rig.taps).isEmpty();
    assertThat(rig.lastStatus().getReachable()).isTrue();
    assertThat(rig.lastStatus().getError())
        .isEqualTo("several cards in the field (collision at cascade level 1)");

    chip.remove(second);
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              driver.poll();
              assertThat(rig.taps).hasSize(1);
            });
    assertThat(rig.taps.get(0).getCardRef().toByteArray()).isEqualTo(AttendanceRig.ref(FOUR));
    assertThat(rig.lastStatus().getError()).isEmpty();
  }

  @Test
  void eachCardFaultGivesNoTapAReasonAndRecovers() throws Exception {
    Map<Fault, String> reasons =
        Map.of(
            Fault.COLLISION, "several cards in the field (collision at cascade level 1)",
            Fault.WRONG_BCC, "UID check byte (BCC) mismatch at cascade level 1 (RF interference?)",
            Fault.WRONG_CRC, "CRC_A mismatch in the SAK at cascade level 1 (RF interference?)",
            Fault.NO_ANSWER,
                "card stopped answering during anticollision at cascade level 1 (card moved away"
                    + " too fast?)");
    DeviceDriver driver = reader();
    for (Map.Entry<Fault, String> fault : reasons.entrySet()) {
      VirtualCard card = VirtualCard.of(SEVEN);
      rig.taps.clear();
      chip.fault(fault.getKey());
      chip.place(card);
      driver.poll();
      assertThat(rig.taps).as(fault.getKey().name()).isEmpty();
      assertThat(rig.lastStatus().getError()).as(fault.getKey().name()).isEqualTo(fault.getValue());

      chip.fault(Fault.NONE);
      driver.poll();
      assertThat(rig.taps).as("recovered from " + fault.getKey()).hasSize(1);
      assertThat(rig.lastStatus())
          .extracting(DeviceStatus::getReachable, DeviceStatus::getError)
          .containsExactly(true, "");
      chip.remove(card);
      rig.clock.advance(Duration.ofSeconds(5));
    }
  }

  @Test
  void aHungChipIsReportedAndReinitialised() throws Exception {
    DeviceDriver driver = reader();
    driver.poll();
    chip.fault(Fault.STUCK);
    chip.place(VirtualCard.of(FOUR));
    driver.poll();
    assertThat(rig.taps).isEmpty();
    assertThat(rig.lastStatus().getReachable()).isFalse();
    assertThat(rig.lastStatus().getError())
        .isEqualTo(
            "SPI 0.0: MFRC522 did not finish Transceive within 20 ms (no interrupt; chip hung?)");
    int resets = chip.resets();

    chip.fault(Fault.NONE);
    driver.poll();
    assertThat(chip.resets()).isEqualTo(resets + 1);
    assertThat(rig.taps).hasSize(1);
  }

  @Test
  void withoutSiteKeyNoCardIsReadAndTheTechnicianIsTold() throws Exception {
    rig.buses.attachSpi(0, 0, chip);
    DeviceDriver driver = rig.open("mfrc522", Map.of(), Optional.empty());
    chip.place(VirtualCard.of(FOUR));
    driver.poll();
    driver.poll();

    assertThat(rig.taps).isEmpty();
    assertThat(rig.statuses)
        .isNotEmpty()
        .allSatisfy(
            status -> {
              assertThat(status.getReachable()).isFalse();
              assertThat(status.getError())
                  .isEqualTo("no site key provisioned; run campusedge-agent provision");
            });
    assertThat(rig.statuses).hasSize(1); // rate-limited, not once per poll
  }

  @Test
  void aGoodTapPulsesTheFeedbackPin() throws Exception {
    rig.buses.attachSpi(0, 0, chip);
    DeviceDriver driver = rig.open("mfrc522", Map.of("feedbackPin", 18, "feedbackMs", 30));
    driver.poll();
    assertThat(rig.buses.pin(18).transitions()).isZero();

    chip.place(VirtualCard.of(FOUR));
    driver.poll();

    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              assertThat(rig.buses.pin(18).transitions()).isEqualTo(2);
              assertThat(rig.buses.pin(18).isHighNow()).isFalse();
            });
  }
}
