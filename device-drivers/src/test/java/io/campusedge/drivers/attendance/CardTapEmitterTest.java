package io.campusedge.drivers.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.SiteKey;
import io.campusedge.drivers.bus.Buses;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CardTapEmitterTest {
  // RFC 4231 section 4.2, test case 1 key; used here as the site key.
  private static final SiteKey KEY = new SiteKey("k1", HexFormat.of().parseHex("0b".repeat(20)));
  private final RecordingSink sink = new RecordingSink();
  private final SteppingClock clock = new SteppingClock();
  private final ReaderHealth health = new ReaderHealth("door-a101");
  private final TapSettings settings =
      new TapSettings(Duration.ofSeconds(3), OptionalInt.empty(), Duration.ofMillis(100));

  private CardTapEmitter emitter(Optional<SiteKey> key) {
    DriverContext context = new DriverContext(sink, clock, Buses.none(), key);
    health.bind(context);
    CardTapEmitter emitter = new CardTapEmitter("door-a101", settings, health);
    emitter.open(context);
    return emitter;
  }

  @Test
  void hashesTheUidWithTheSiteKeyAndWipesIt() {
    CardTapEmitter emitter = emitter(Optional.of(KEY));
    byte[] uid = {0x04, (byte) 0xA1, (byte) 0xB2, (byte) 0xC3};
    byte[] expected = KEY.reference(uid.clone());

    assertThat(emitter.cardRead(uid)).isEqualTo(CardTapEmitter.Outcome.TAPPED);

    assertThat(sink.taps)
        .singleElement()
        .satisfies(
            tap -> {
              assertThat(tap.getReaderId()).isEqualTo("door-a101");
              assertThat(tap.getCardRef().toByteArray()).isEqualTo(expected).hasSize(32);
              assertThat(tap.getKeyId()).isEqualTo("k1");
              assertThat(tap.getSourceTimeMs()).isEqualTo(clock.millis());
            });
    assertThat(uid).containsOnly(0);
  }

  @Test
  void suppressesTheSameCardWithinTheWindowOnly() {
    CardTapEmitter emitter = emitter(Optional.of(KEY));
    assertThat(emitter.cardRead(new byte[] {1, 2, 3, 4})).isEqualTo(CardTapEmitter.Outcome.TAPPED);
    clock.advance(Duration.ofMillis(2_999));
    assertThat(emitter.cardRead(new byte[] {1, 2, 3, 4}))
        .isEqualTo(CardTapEmitter.Outcome.REPEAT_SUPPRESSED);
    assertThat(emitter.cardRead(new byte[] {9, 9, 9, 9})).isEqualTo(CardTapEmitter.Outcome.TAPPED);
    clock.advance(Duration.ofMillis(1));
    assertThat(emitter.cardRead(new byte[] {1, 2, 3, 4})).isEqualTo(CardTapEmitter.Outcome.TAPPED);
    assertThat(sink.taps).hasSize(3);
  }

  @Test
  void withoutSiteKeyEmitsNoTapButSaysHowToFixIt() {
    CardTapEmitter emitter = emitter(Optional.empty());
    byte[] uid = {1, 2, 3, 4};

    assertThat(emitter.cardRead(uid)).isEqualTo(CardTapEmitter.Outcome.NO_SITE_KEY);

    assertThat(sink.taps).isEmpty();
    assertThat(uid).containsOnly(0);
    assertThat(sink.statuses)
        .isNotEmpty()
        .allSatisfy(
            status -> {
              assertThat(status.getReachable()).isFalse();
              assertThat(status.getError())
                  .isEqualTo("no site key provisioned; run campusedge-agent provision");
            });
  }
}
