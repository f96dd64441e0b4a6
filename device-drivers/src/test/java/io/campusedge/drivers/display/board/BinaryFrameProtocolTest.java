package io.campusedge.drivers.display.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.display.board.BoardProtocol.Answer;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Samsung MDC frames through the shipped samsung-mdc profile. */
class BinaryFrameProtocolTest {
  private BoardProfile mdc;
  private BoardProtocol protocol;
  private static final Map<String, String> ID1 = Map.of("id", "01");

  @BeforeEach
  void load() throws Exception {
    mdc = BoardProfile.load("samsung-mdc");
    protocol = mdc.protocol();
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  private Answer read(String hex, String replyTemplate) throws Exception {
    return protocol.read(new ByteArrayInputStream(bytes(hex)), replyTemplate, ID1);
  }

  /** Samsung's manual example: power on, ID 0 (sent as 0xFF): 11+FF+01+01 = 0x112 → 0x12. */
  @Test
  void manualChecksumExample() throws Exception {
    byte[] frame = protocol.request(mdc.actions().get("power-on").send(), Map.of("id", "FF"));
    assertThat(frame).isEqualTo(bytes("AA 11 FF 01 01 12"));
  }

  @Test
  void queriesAndActionsEncode() throws Exception {
    assertThat(protocol.request(mdc.power().send(), ID1)).isEqualTo(bytes("AA 11 01 00 12"));
    assertThat(protocol.request(mdc.input().orElseThrow().send(), ID1))
        .isEqualTo(bytes("AA 14 01 00 15"));
    assertThat(
            protocol.request(mdc.actions().get("input").send(), Map.of("id", "01", "input", "23")))
        .isEqualTo(bytes("AA 14 01 01 23 39"));
  }

  /**
   * Mute is MDC command 0x13 (0x11 power, 0x12 volume, 0x14 input source; MDC Protocol v13.7c,
   * "Mute control": data 0x00 off, 0x01 on). ID 1, on: 13+01+01+01 = 0x16; off: 0x15; the ack
   * FF+01+03+41+13+01 = 0x158 → 0x58.
   */
  @Test
  void muteIsCommand0x13WithItsChecksum() throws Exception {
    BoardProfile.Action mute = mdc.actions().get("mute");
    assertThat(mute.args().get("state")).containsEntry("on", "01").containsEntry("off", "00");
    assertThat(protocol.request(mute.send(), Map.of("id", "01", "state", "01")))
        .isEqualTo(bytes("AA 13 01 01 01 16"));
    assertThat(protocol.request(mute.send(), Map.of("id", "01", "state", "00")))
        .isEqualTo(bytes("AA 13 01 01 00 15"));
    assertThat(read("AA FF 01 03 41 13 01 58", mute.reply())).isInstanceOf(Answer.Value.class);
    assertThatThrownBy(() -> read("AA FF 01 03 41 12 01 57", mute.reply()))
        .as("an ack for volume (0x12) does not confirm mute")
        .isInstanceOf(BoardFault.class);
  }

  @Test
  void ackCarriesTheValue() throws Exception {
    // FF+01+03+41+11+01 = 0x156; FF+01+03+41+14+21 = 0x179
    assertThat(read("AA FF 01 03 41 11 01 56", mdc.power().reply()))
        .isEqualTo(new Answer.Value("01"));
    assertThat(read("AA FF 01 03 41 14 21 79", mdc.input().orElseThrow().reply()))
        .isEqualTo(new Answer.Value("21"));
  }

  @Test
  void nakIsARefusalWithTheErrorCode() throws Exception {
    // FF+01+03+4E+11+03 = 0x165
    assertThat(read("AA FF 01 03 4E 11 03 65", mdc.power().reply()))
        .isEqualTo(new Answer.Refused("error code 0x03 (frame AA FF 01 03 4E 11 03 65)"));
  }

  @Test
  void wrongChecksumIsAFaultShowingTheFrame() {
    assertThatThrownBy(() -> read("AA FF 01 03 41 11 01 57", mdc.power().reply()))
        .isInstanceOf(BoardFault.class)
        .hasMessage("checksum 0x57 should be 0x56 in frame AA FF 01 03 41 11 01 57");
  }

  @Test
  void frameForAnotherDisplayOrCommandIsUnexpected() {
    assertThatThrownBy(() -> read("AA FF 02 03 41 11 01 57", mdc.power().reply()))
        .isInstanceOf(BoardFault.class)
        .hasMessageContaining("unexpected frame AA FF 02");
    assertThatThrownBy(() -> read("AA FF 01 03 41 14 21 79", mdc.power().reply()))
        .isInstanceOf(BoardFault.class)
        .hasMessageContaining("unexpected frame");
  }

  @Test
  void wrongLengthByteIsUnexpected() {
    // Length 4 makes the frame one byte longer than the template.
    assertThatThrownBy(() -> read("AA FF 01 04 41 11 01 00 57", mdc.power().reply()))
        .isInstanceOf(BoardFault.class)
        .hasMessageContaining("unexpected frame");
  }

  @Test
  void junkBeforeTheHeaderIsSkippedButNotForever() throws Exception {
    assertThat(read("00 13 FE AA FF 01 03 41 11 00 55", mdc.power().reply()))
        .isEqualTo(new Answer.Value("00"));
    assertThatThrownBy(() -> read("00".repeat(65) + "AA FF 01 03 41 11 00 55", mdc.power().reply()))
        .isInstanceOf(BoardFault.class)
        .hasMessageContaining("without a frame header");
  }

  @Test
  void truncatedFrameIsAClosedConnection() {
    assertThatThrownBy(() -> read("AA FF 01 03 41", mdc.power().reply()))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("in the middle of the reply after AA FF 01 03 41");
    assertThatThrownBy(() -> read("", mdc.power().reply()))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("before the reply");
  }
}
