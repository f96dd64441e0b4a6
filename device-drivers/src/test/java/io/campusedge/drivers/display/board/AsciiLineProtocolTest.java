package io.campusedge.drivers.display.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.display.board.BoardProtocol.Answer;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SMART board text lines through the shipped smart-mx profile. */
class AsciiLineProtocolTest {
  private BoardProfile smart;

  @BeforeEach
  void load() throws Exception {
    smart = BoardProfile.load("smart-mx");
  }

  private Answer read(String text, String reply) throws Exception {
    return smart
        .protocol()
        .read(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), reply, Map.of());
  }

  @Test
  void requestsEndInCr() throws Exception {
    assertThat(
            new String(
                smart.protocol().request(smart.power().send(), Map.of()),
                StandardCharsets.US_ASCII))
        .isEqualTo("get powerstate\r");
    assertThat(
            new String(
                smart
                    .protocol()
                    .request(smart.actions().get("input").send(), Map.of("input", "HDMI2")),
                StandardCharsets.US_ASCII))
        .isEqualTo("set input=HDMI2\r");
  }

  @Test
  void repliesWithPromptEchoAndSpacesAroundTheOperator() throws Exception {
    assertThat(read("powerstate=on\r", smart.power().reply())).isEqualTo(new Answer.Value("on"));
    assertThat(read("get powerstate\r\n>powerstate = ready\r\n", smart.power().reply()))
        .isEqualTo(new Answer.Value("ready"));
    assertThat(read("\r\ninput=HDMI1\r", smart.input().orElseThrow().reply()))
        .isEqualTo(new Answer.Value("HDMI1"));
  }

  @Test
  void invalidCommandIsARefusal() throws Exception {
    assertThat(read("invalid command\r", smart.power().reply()))
        .isEqualTo(new Answer.Refused("'invalid command'"));
  }

  @Test
  void linesThatNeverAnswerAreAFaultWithTheLastLine() {
    assertThatThrownBy(() -> read("noise\r".repeat(9) + "powerstate=on\r", smart.power().reply()))
        .isInstanceOf(BoardFault.class)
        .hasMessage("unexpected reply 'noise'");
    assertThatThrownBy(() -> read("x".repeat(300), smart.power().reply()))
        .isInstanceOf(BoardFault.class)
        .hasMessageContaining("longer than 256 bytes");
  }

  @Test
  void garbageThenSilenceIsAnUnexpectedReplyNotATimeout() {
    java.io.InputStream garbageThenTimeout =
        new java.io.SequenceInputStream(
            new ByteArrayInputStream("\u0007#!xx\r".getBytes(StandardCharsets.ISO_8859_1)),
            new java.io.InputStream() {
              @Override
              public int read() throws java.io.IOException {
                throw new java.net.SocketTimeoutException("Read timed out");
              }
            });
    assertThatThrownBy(
            () -> smart.protocol().read(garbageThenTimeout, smart.power().reply(), Map.of()))
        .isInstanceOf(BoardFault.class)
        .hasMessage("unexpected reply '\\x07#!xx'");
  }

  @Test
  void closedBeforeAnyReply() {
    assertThatThrownBy(() -> read("", smart.power().reply())).isInstanceOf(ClosedBeforeReply.class);
  }

  @Test
  void closedMidReply() {
    assertThatThrownBy(() -> read("powers", smart.power().reply()))
        .isInstanceOf(EOFException.class)
        .hasMessage("connection closed in the middle of the reply after 'powers'");
  }
}
