package io.campusedge.drivers.attendance.wiegand;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WiegandDecoderTest {
  private static final long GAP = 25_000_000;
  private final WiegandDecoder decoder = new WiegandDecoder(WiegandFormat.W26, GAP);
  private long now = 1_000_000_000L;

  /** A 50 us low pulse on D0 ('0') or D1 ('1') every 2 ms, as a reader sends it. */
  private void send(String bits) {
    for (char bit : bits.replace(" ", "").toCharArray()) {
      boolean d1 = bit == '1';
      decoder.edge(d1, false, now);
      decoder.edge(d1, true, now + 50_000);
      now += 2_000_000;
    }
  }

  @Test
  void aFrameEndsOnlyAfterTheGap() {
    send("1 11010100 00011011 10000001 0");
    assertThat(decoder.drain(now)).isEmpty();
    now += GAP;

    assertThat(decoder.drain(now))
        .singleElement()
        .isInstanceOfSatisfying(
            WiegandFrame.Card.class,
            card -> assertThat(HexFormat.of().formatHex(card.id())).isEqualTo("d41b81"));
    assertThat(decoder.drain(now + GAP)).isEmpty();
  }

  @Test
  void theNextFrameClosesTheOneBeforeWhenPollsAreLate() {
    send("1 11010100 00011011 10000001 0");
    now += GAP;
    send("1 11010100 00011011 10000001 0");
    now += GAP;
    assertThat(decoder.drain(now)).hasSize(2).allMatch(WiegandFrame.Card.class::isInstance);
  }

  @Test
  void aGlitchSpoilsTheFrame() {
    send("1 11010100 0001");
    decoder.edge(true, false, now);
    decoder.edge(true, true, now + 2_000); // 2 us spike
    now += 2_000_000;
    send("1011 10000001 0");
    now += GAP;
    assertThat(decoder.drain(now))
        .singleElement()
        .isEqualTo(
            new WiegandFrame.Rejected(
                "Wiegand frame dropped: a 2 us glitch on D1 (electrical noise)"));
  }

  @Test
  void bothLinesLowIsAWiringFault() {
    decoder.edge(false, false, now);
    decoder.edge(true, false, now + 10_000);
    decoder.edge(false, true, now + 50_000);
    decoder.edge(true, true, now + 60_000);
    now += GAP * 2;
    assertThat(decoder.drain(now))
        .singleElement()
        .isEqualTo(
            new WiegandFrame.Rejected(
                "Wiegand frame dropped: D0 and D1 were low at the same time (wiring fault or"
                    + " noise)"));
  }

  @Test
  void aTruncatedFrameIsRejectedAndTheNextGoodOneStillReads() {
    send("1 11010100 00011011 100");
    now += GAP;
    send("1 11010100 00011011 10000001 0");
    now += GAP;
    assertThat(decoder.drain(now))
        .hasSize(2)
        .first()
        .isInstanceOfSatisfying(
            WiegandFrame.Rejected.class,
            rejected -> assertThat(rejected.reason()).startsWith("Wiegand frame had 20 bits"));
  }

  @Test
  void aLineSettlingHighAtStartIsNotAFrame() {
    decoder.edge(false, true, now);
    decoder.edge(true, true, now);
    assertThat(decoder.drain(now + GAP)).isEmpty();
  }
}
