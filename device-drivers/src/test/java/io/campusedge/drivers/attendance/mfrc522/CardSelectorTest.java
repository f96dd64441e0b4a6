package io.campusedge.drivers.attendance.mfrc522;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.drivers.attendance.mfrc522.Transceiver.Answer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The anticollision/select sequence against scripted card answers. */
class CardSelectorTest {
  private final List<String> sent = new ArrayList<>();
  private final Deque<Answer> answers = new ArrayDeque<>();

  private final Transceiver script =
      (frame, lastBits) -> {
        sent.add(HexFormat.of().formatHex(frame) + (lastBits == 0 ? "" : "/" + lastBits));
        return answers.isEmpty() ? Answer.of(Answer.Kind.NO_ANSWER) : answers.poll();
      };

  private static Answer received(String hex) {
    return new Answer(Answer.Kind.RECEIVED, HexFormat.of().parseHex(hex), 0);
  }

  private static Answer sak(int sak) {
    return new Answer(Answer.Kind.RECEIVED, Iso14443a.withCrc(new byte[] {(byte) sak}), 0);
  }

  @Test
  void noAnswerToReqaIsNoCard() throws Exception {
    assertThat(CardSelector.read(script)).isInstanceOf(CardSelector.NoCard.class);
    assertThat(sent).containsExactly("26/7");
  }

  @Test
  void readsAFourByteUid() throws Exception {
    answers.add(received("0400")); // ATQA of a MIFARE Classic 1K
    answers.add(received("deadbeef22")); // UID + BCC (de^ad^be^ef = 22)
    answers.add(sak(0x08));

    CardSelector.Read read = CardSelector.read(script);

    assertThat(read)
        .isInstanceOfSatisfying(
            CardSelector.CardFound.class,
            card -> {
              assertThat(HexFormat.of().formatHex(card.uid())).isEqualTo("deadbeef");
              assertThat(card.sak()).isEqualTo(0x08);
            });
    assertThat(sent)
        .containsExactly("26/7", "9320", "9370deadbeef22" + crc("9370deadbeef22"), "500057cd");
  }

  @Test
  void readsASevenByteUidOverTwoCascadeLevels() throws Exception {
    int bcc1 = 0x88 ^ 0x04 ^ 0x25 ^ 0x36;
    int bcc2 = 0x4A ^ 0x5B ^ 0x6C ^ 0x80;
    answers.add(received("4400")); // ATQA of a double-size UID (Ultralight, DESFire)
    answers.add(received(String.format("88042536%02x", bcc1)));
    answers.add(sak(0x04)); // cascade bit: UID not complete
    answers.add(received(String.format("4a5b6c80%02x", bcc2)));
    answers.add(sak(0x00));

    CardSelector.Read read = CardSelector.read(script);

    assertThat(read)
        .isInstanceOfSatisfying(
            CardSelector.CardFound.class,
            card -> assertThat(HexFormat.of().formatHex(card.uid())).isEqualTo("0425364a5b6c80"));
    assertThat(sent)
        .extracting(s -> s.substring(0, 4))
        .containsExactly("26/7", "9320", "9370", "9520", "9570", "5000");
  }

  @Test
  void bccMismatchIsAFailureNotACard() throws Exception {
    answers.add(received("0400"));
    answers.add(received("deadbeef23"));
    assertThat(CardSelector.read(script))
        .isEqualTo(
            new CardSelector.Failed(
                "UID check byte (BCC) mismatch at cascade level 1 (RF interference?)"));
    assertThat(sent).hasSize(2); // no SELECT with a wrong UID
  }

  @Test
  void wrongCrcOnSakIsAFailure() throws Exception {
    answers.add(received("0400"));
    answers.add(received("deadbeef22"));
    byte[] bad = Iso14443a.withCrc(new byte[] {0x08});
    bad[2] ^= 0x40;
    answers.add(new Answer(Answer.Kind.RECEIVED, bad, 0));
    assertThat(CardSelector.read(script))
        .isInstanceOfSatisfying(
            CardSelector.Failed.class,
            failed -> assertThat(failed.reason()).startsWith("CRC_A mismatch in the SAK"));
  }

  @Test
  void collisionAndSilenceAndShortAnswersAreFailures() throws Exception {
    answers.add(received("0400"));
    answers.add(Answer.of(Answer.Kind.COLLISION));
    assertThat(CardSelector.read(script))
        .isEqualTo(
            new CardSelector.Failed("several cards in the field (collision at cascade level 1)"));

    answers.add(received("0400"));
    assertThat(CardSelector.read(script))
        .isInstanceOfSatisfying(
            CardSelector.Failed.class,
            failed ->
                assertThat(failed.reason()).contains("stopped answering during anticollision"));

    answers.add(received("0400"));
    answers.add(received("deadbe"));
    assertThat(CardSelector.read(script))
        .isInstanceOfSatisfying(
            CardSelector.Failed.class,
            failed -> assertThat(failed.reason()).contains("had 3 bytes, expected 5"));
  }

  @Test
  void cascadeTagWithoutCascadeBitIsInconsistent() throws Exception {
    int bcc1 = 0x88 ^ 0x04 ^ 0x25 ^ 0x36;
    answers.add(received("4400"));
    answers.add(received(String.format("88042536%02x", bcc1)));
    answers.add(sak(0x08));
    assertThat(CardSelector.read(script))
        .isEqualTo(new CardSelector.Failed("card answered an inconsistent SAK at cascade level 1"));
  }

  private static String crc(String hex) {
    byte[] frame = HexFormat.of().parseHex(hex);
    int crc = Iso14443a.crcA(frame, frame.length);
    return String.format("%02x%02x", crc & 0xFF, crc >>> 8);
  }
}
