package io.campusedge.simulators.devices.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.drivers.api.DeviceDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real usb-hid-reader driver reading input_event records the stream writer produces. */
class EvdevReaderTest {
  @TempDir Path dir;
  private final AttendanceRig rig = new AttendanceRig();
  private DeviceDriver driver;

  @AfterEach
  void closeDriver() {
    rig.close();
  }

  private Path device() {
    return dir.resolve("usb-Sycreader_RFID-event-kbd");
  }

  private void open(Map<String, Object> extra, int eventSize) throws Exception {
    Map<String, Object> params = new HashMap<>(Map.of("device", device().toString()));
    params.put("eventSize", eventSize);
    params.putAll(extra);
    driver = rig.open("usb-hid-reader", params);
  }

  private void pollUntil(int taps, int statuses) {
    await()
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              driver.poll();
              assertThat(rig.taps).hasSize(taps);
              assertThat(rig.statuses).hasSize(statuses);
            });
  }

  @ParameterizedTest
  @ValueSource(ints = {24, 16})
  void aTypedHexUidGivesOneTap(int eventSize) throws Exception {
    try (EvdevStreamWriter reader = new EvdevStreamWriter(device(), eventSize)) {
      open(Map.of("uidFormat", "hex"), eventSize);
      reader.typeLine("04253645A1B2C3");
      pollUntil(1, 0);
      assertThat(rig.taps.get(0).getCardRef().toByteArray())
          .isEqualTo(AttendanceRig.ref("04253645A1B2C3"));
    }
  }

  @Test
  void tenDecimalDigitsAreTheFourByteUidAndRepeatsAreSuppressed() throws Exception {
    try (EvdevStreamWriter reader = new EvdevStreamWriter(device(), 24)) {
      open(Map.of(), 24);
      reader.typeLine("3735928559"); // 0xDEADBEEF
      pollUntil(1, 0);
      assertThat(rig.taps.get(0).getCardRef().toByteArray())
          .isEqualTo(AttendanceRig.ref("DEADBEEF"));

      rig.clock.advance(Duration.ofSeconds(1));
      reader.typeLine("3735928559");
      reader.typeLine("0000000001"); // a different card proves the line above was read
      pollUntil(2, 0);
      assertThat(rig.taps.get(1).getCardRef().toByteArray())
          .isEqualTo(AttendanceRig.ref("00000001"));

      rig.clock.advance(Duration.ofSeconds(3));
      reader.typeLine("3735928559");
      pollUntil(3, 0);
    }
  }

  @Test
  void aWrongKeyIsRejectedAndTheNextCardReads() throws Exception {
    try (EvdevStreamWriter reader = new EvdevStreamWriter(device(), 24)) {
      open(Map.of(), 24);
      reader.typeLine("12Q4");
      pollUntil(0, 1);
      assertThat(rig.lastStatus().getError())
          .isEqualTo("the reader typed key code 16, which is not a digit or A-F");
      reader.typeLine("1234");
      pollUntil(1, 2);
      assertThat(rig.lastStatus().getError()).isEmpty();
    }
  }

  @Test
  void aMissingReaderIsReportedAndPickedUpWhenPluggedIn() throws Exception {
    open(Map.of(), 24);
    assertThat(rig.lastStatus().getReachable()).isFalse();
    assertThat(rig.lastStatus().getError())
        .isEqualTo("USB card reader not found at " + device() + " (unplugged?)");
    driver.poll();
    assertThat(rig.statuses).hasSize(1);

    try (EvdevStreamWriter reader = new EvdevStreamWriter(device(), 24)) {
      driver.poll();
      assertThat(rig.lastStatus().getReachable()).isTrue();
      reader.typeLine("42");
      pollUntil(1, 2);
    }
  }

  @Test
  void unplugMidRecordIsReportedAndReplugRecovers() throws Exception {
    EvdevStreamWriter reader = new EvdevStreamWriter(device(), 24);
    open(Map.of(), 24);
    reader.writeRaw(new byte[10]); // half an input_event, then the cable is pulled
    reader.unplug();
    await()
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              driver.poll();
              assertThat(rig.statuses).isNotEmpty();
              assertThat(rig.lastStatus().getError())
                  .isEqualTo("USB card reader unplugged (" + device() + " is gone)");
            });
    assertThat(rig.lastStatus().getReachable()).isFalse();

    reader.plugIn();
    reader.typeLine("0000000007");
    await()
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              driver.poll();
              assertThat(rig.taps).hasSize(1);
            });
    assertThat(rig.taps.get(0).getCardRef().toByteArray()).isEqualTo(AttendanceRig.ref("00000007"));
    assertThat(rig.lastStatus().getReachable()).isTrue();
    reader.close();
  }

  @Test
  void withoutSiteKeyNoTapAndTheTechnicianIsTold() throws Exception {
    try (EvdevStreamWriter reader = new EvdevStreamWriter(device(), 24)) {
      driver =
          rig.open(
              "usb-hid-reader",
              Map.of("device", device().toString(), "eventSize", 24),
              Optional.empty());
      reader.typeLine("1234");
      await()
          .atMost(Duration.ofSeconds(3))
          .pollDelay(Duration.ofMillis(100))
          .untilAsserted(
              () -> {
                driver.poll();
                assertThat(rig.statuses).isNotEmpty();
              });
      assertThat(rig.taps).isEmpty();
      assertThat(rig.statuses)
          .allSatisfy(
              status -> {
                assertThat(status.getReachable()).isFalse();
                assertThat(status.getError())
                    .isEqualTo("no site key provisioned; run campusedge-agent provision");
              });
    }
  }
}
