package io.campusedge.drivers.attendance.mfrc522;

import io.campusedge.drivers.attendance.mfrc522.Transceiver.Answer;
import io.campusedge.drivers.bus.BusException;
import java.util.Arrays;

/**
 * Reads the UID of one Type A card: REQA, then ANTICOLLISION and SELECT per cascade level until SAK
 * says the UID is complete, then HLTA so the card stays quiet until it leaves the field (ISO/IEC
 * 14443-3 clause 6: REQA/ATQA, the anticollision loop, SELECT/SAK, HLTA). A collision is reported,
 * not resolved bit by bit: at a classroom door one card at a time is the rule.
 */
final class CardSelector {

  /** The result of one attempt to read a card. */
  sealed interface Read {}

  record NoCard() implements Read {}

  /** {@code uid} is 4, 7 or 10 bytes; the caller hashes and wipes it. */
  record CardFound(byte[] uid, int sak) implements Read {}

  record Failed(String reason) implements Read {}

  /** This cascade level is done and the UID continues at the next one. */
  private record NextLevel() implements Read {}

  private CardSelector() {}

  static Read read(Transceiver chip) throws BusException {
    Answer atqa = chip.transceive(new byte[] {Iso14443a.REQA}, 7);
    switch (atqa.kind()) {
      case NO_ANSWER:
        return new NoCard();
      case COLLISION:
        return new Failed("several cards in the field; present one card at a time");
      case ERROR:
        return new Failed("garbled answer to REQA (card at the edge of the field?)");
      default:
        break;
    }
    if (atqa.data().length != 2) {
      return new Failed("answer to REQA had " + atqa.data().length + " bytes, expected 2 (ATQA)");
    }
    byte[] uid = new byte[10];
    try {
      for (int level = 0; level < Iso14443a.SEL.length; level++) {
        Read step = selectLevel(chip, level, uid);
        if (step instanceof CardFound found) {
          chip.transceive(Iso14443a.halt(), 0); // a halted card does not answer: no answer = done
          return found;
        }
        if (step instanceof Failed) {
          return step;
        }
      }
      return new Failed("card still signals an incomplete UID after cascade level 3");
    } finally {
      Arrays.fill(uid, (byte) 0);
    }
  }

  /** One cascade level; cascade level n holds UID bytes from 3 * (n - 1) on. */
  private static Read selectLevel(Transceiver chip, int level, byte[] uid) throws BusException {
    int cl = level + 1;
    Answer anti = chip.transceive(Iso14443a.anticollision(level), 0);
    if (anti.kind() == Answer.Kind.COLLISION) {
      return new Failed("several cards in the field (collision at cascade level " + cl + ")");
    }
    if (anti.kind() != Answer.Kind.RECEIVED) {
      return new Failed(
          "card stopped answering during anticollision at cascade level "
              + cl
              + " (card moved away too fast?)");
    }
    byte[] levelBytes = anti.data();
    if (levelBytes.length != 5) {
      return new Failed(
          "anticollision answer at cascade level "
              + cl
              + " had "
              + levelBytes.length
              + " bytes, expected 5 (UID + BCC)");
    }
    if (Iso14443a.bcc(levelBytes) != (levelBytes[4] & 0xFF)) {
      return new Failed(
          "UID check byte (BCC) mismatch at cascade level " + cl + " (RF interference?)");
    }
    Answer sakAnswer = chip.transceive(Iso14443a.select(level, levelBytes), 0);
    if (sakAnswer.kind() != Answer.Kind.RECEIVED) {
      return new Failed("card did not answer SELECT at cascade level " + cl);
    }
    byte[] sak = sakAnswer.data();
    if (sak.length != 3 || !Iso14443a.crcOk(sak)) {
      return new Failed("CRC_A mismatch in the SAK at cascade level " + cl + " (RF interference?)");
    }
    boolean uidIncomplete = (sak[0] & Iso14443a.SAK_CASCADE_BIT) != 0;
    boolean cascadeTag = (levelBytes[0] & 0xFF) == Iso14443a.CASCADE_TAG;
    if (uidIncomplete != cascadeTag) {
      return new Failed("card answered an inconsistent SAK at cascade level " + cl);
    }
    int at = 3 * level;
    try {
      if (uidIncomplete) {
        System.arraycopy(levelBytes, 1, uid, at, 3);
        return new NextLevel();
      }
      System.arraycopy(levelBytes, 0, uid, at, 4);
      return new CardFound(Arrays.copyOf(uid, at + 4), sak[0] & 0xFF);
    } finally {
      Arrays.fill(levelBytes, (byte) 0);
    }
  }
}
