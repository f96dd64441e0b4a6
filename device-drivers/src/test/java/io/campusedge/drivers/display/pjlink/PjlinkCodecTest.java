package io.campusedge.drivers.display.pjlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.display.PowerState;
import io.campusedge.drivers.display.pjlink.PjlinkCodec.ErrorLevel;
import io.campusedge.drivers.display.pjlink.PjlinkCodec.Greeting;
import io.campusedge.drivers.display.pjlink.PjlinkCodec.Lamp;
import io.campusedge.drivers.display.pjlink.PjlinkCodec.Mute;
import io.campusedge.drivers.display.pjlink.PjlinkCodec.Reply;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte-level facts from JBMIA PJLink Class 1 v1.04 and Class 2 v2.00. */
class PjlinkCodecTest {

  @Test
  void commandsAreClassBodySpaceParameterCr() {
    assertThat(PjlinkCodec.command(1, "POWR", "?")).isEqualTo("%1POWR ?\r");
    assertThat(PjlinkCodec.command(1, "POWR", "0")).isEqualTo("%1POWR 0\r");
    assertThat(PjlinkCodec.command(2, "INNM", "?31")).isEqualTo("%2INNM ?31\r");
    assertThatThrownBy(() -> PjlinkCodec.command(3, "POWR", "?"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PjlinkCodec.command(1, "POW", "?"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PjlinkCodec.command(1, "NAME", "x".repeat(130)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void greetings() {
    assertThat(PjlinkCodec.greeting("PJLINK 0")).containsInstanceOf(Greeting.Open.class);
    assertThat(PjlinkCodec.greeting("PJLINK 1 498e4a67"))
        .contains(new Greeting.Challenge("498e4a67"));
    assertThat(PjlinkCodec.greeting("PJLINK ERRA")).containsInstanceOf(Greeting.Refused.class);
    assertThat(PjlinkCodec.greeting("PJLINK 1")).isEmpty();
    assertThat(PjlinkCodec.greeting("PJLINK 2")).isEmpty();
    assertThat(PjlinkCodec.greeting("SSH-2.0-OpenSSH_9.6")).isEmpty();
    assertThat(PjlinkCodec.greeting("")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"ERR1", "ERR2", "ERR3", "ERR4"})
  void everyErrorReplyIsRecognised(String code) {
    Optional<Reply> reply = PjlinkCodec.reply("%1POWR=" + code, "POWR");
    assertThat(reply).contains(new Reply.Failed(PjlinkError.valueOf(code)));
    assertThat(PjlinkCodec.reply("%2INNM=" + code, "INNM"))
        .contains(new Reply.Failed(PjlinkError.valueOf(code)));
  }

  @Test
  void authenticationErrorReply() {
    assertThat(PjlinkCodec.reply("PJLINK ERRA", "POWR"))
        .contains(new Reply.Failed(PjlinkError.ERRA));
  }

  @Test
  void errorMeaningsNameTheCodeAndWhatItMeans() {
    assertThat(PjlinkError.ERR1.describe()).startsWith("ERR1 undefined command");
    assertThat(PjlinkError.ERR2.describe()).startsWith("ERR2 out of parameter");
    assertThat(PjlinkError.ERR3.describe()).startsWith("ERR3 unavailable time");
    assertThat(PjlinkError.ERR4.describe()).startsWith("ERR4 projector/display failure");
    assertThat(PjlinkError.ERRA.describe()).startsWith("ERRA authentication failed");
    assertThat(PjlinkError.of("ERR5")).isEmpty();
  }

  @Test
  void valuesAndOk() {
    assertThat(PjlinkCodec.reply("%1POWR=1", "POWR")).contains(new Reply.Value("1"));
    assertThat(PjlinkCodec.reply("%1POWR=OK", "POWR")).contains(new Reply.Value("OK"));
    assertThat(PjlinkCodec.reply("%1LAMP=1234 1 56 0", "LAMP"))
        .contains(new Reply.Value("1234 1 56 0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"%1INPT=31", "%1POWR", "POWR=1", "%3POWR=1", "%1powr=1", "garbage", ""})
  void repliesToAnotherCommandOrBrokenAreMalformed(String line) {
    assertThat(PjlinkCodec.reply(line, "POWR")).isEmpty();
  }

  @Test
  void powerStates() {
    assertThat(PjlinkCodec.power("0")).contains(PowerState.STANDBY);
    assertThat(PjlinkCodec.power("1")).contains(PowerState.ON);
    assertThat(PjlinkCodec.power("2")).contains(PowerState.COOLING_DOWN);
    assertThat(PjlinkCodec.power("3")).contains(PowerState.WARMING_UP);
    assertThat(PjlinkCodec.power("4")).isEmpty();
    assertThat(PjlinkCodec.power("on")).isEmpty();
  }

  @Test
  void inputs() {
    assertThat(PjlinkCodec.validInput("11")).isTrue();
    assertThat(PjlinkCodec.validInput("31")).isTrue();
    assertThat(PjlinkCodec.validInput("3A")).isTrue();
    assertThat(PjlinkCodec.validInput("61")).isTrue();
    assertThat(PjlinkCodec.validInput("71")).isFalse();
    assertThat(PjlinkCodec.validInput("30")).isFalse();
    assertThat(PjlinkCodec.validInput("311")).isFalse();
    assertThat(PjlinkCodec.inputType("31")).isEqualTo("DIGITAL");
    assertThat(PjlinkCodec.inputType("52")).isEqualTo("NETWORK");
  }

  @Test
  void mute() {
    assertThat(PjlinkCodec.mute("30")).contains(new Mute(false, false));
    assertThat(PjlinkCodec.mute("31")).contains(new Mute(true, true));
    assertThat(PjlinkCodec.mute("11")).contains(new Mute(true, false));
    assertThat(PjlinkCodec.mute("21")).contains(new Mute(false, true));
    assertThat(PjlinkCodec.mute("41")).isEmpty();
  }

  @Test
  void errorStatus() {
    assertThat(PjlinkCodec.errorStatus("000000"))
        .contains(
            List.of(
                ErrorLevel.OK,
                ErrorLevel.OK,
                ErrorLevel.OK,
                ErrorLevel.OK,
                ErrorLevel.OK,
                ErrorLevel.OK));
    assertThat(PjlinkCodec.errorStatus("021000").orElseThrow())
        .containsExactly(
            ErrorLevel.OK,
            ErrorLevel.ERROR,
            ErrorLevel.WARNING,
            ErrorLevel.OK,
            ErrorLevel.OK,
            ErrorLevel.OK);
    assertThat(PjlinkCodec.errorStatus("00000")).isEmpty();
    assertThat(PjlinkCodec.errorStatus("000300")).isEmpty();
    assertThat(PjlinkCodec.errorStatus("00000a")).isEmpty();
  }

  @Test
  void lamps() {
    assertThat(PjlinkCodec.lamps("1234 1")).contains(List.of(new Lamp(1234, true)));
    assertThat(PjlinkCodec.lamps("0 0 99999 1"))
        .contains(List.of(new Lamp(0, false), new Lamp(99999, true)));
    assertThat(PjlinkCodec.lamps("1234")).isEmpty();
    assertThat(PjlinkCodec.lamps("1234 2")).isEmpty();
    assertThat(PjlinkCodec.lamps("123456 1")).isEmpty();
    assertThat(PjlinkCodec.lamps("")).isEmpty();
    assertThat(PjlinkCodec.lamps("-5 1")).isEmpty();
  }

  @Test
  void class2Values() {
    assertThat(PjlinkCodec.pjlinkClass("2")).contains(2);
    assertThat(PjlinkCodec.pjlinkClass("3")).isEmpty();
    assertThat(PjlinkCodec.resolution("1920x1080")).contains("1920x1080");
    assertThat(PjlinkCodec.resolution("-")).contains("-");
    assertThat(PjlinkCodec.resolution("*")).contains("*");
    assertThat(PjlinkCodec.resolution("1920*1080")).isEmpty();
    assertThat(PjlinkCodec.hours("00120")).contains(120L);
    assertThat(PjlinkCodec.hours("x")).isEmpty();
    assertThat(PjlinkCodec.mac("00:1A:2b:3c:4d:5e")).contains("00:1a:2b:3c:4d:5e");
    assertThat(PjlinkCodec.mac("00:1a:2b:3c:4d")).isEmpty();
  }

  @Test
  void notices() {
    assertThat(PjlinkCodec.notice("%2POWR=1\r")).contains(new PjlinkCodec.Notice("POWR", "1"));
    assertThat(PjlinkCodec.notice("%2ACKN=00:1a:2b:3c:4d:5e\r"))
        .contains(new PjlinkCodec.Notice("ACKN", "00:1a:2b:3c:4d:5e"));
    assertThat(PjlinkCodec.notice("%1POWR=1\r")).isEmpty();
    assertThat(PjlinkCodec.notice("hello")).isEmpty();
  }

  @Test
  void printableEscapesControlBytes() {
    assertThat(PjlinkCodec.printable("%1PO\u0000\u00ff")).isEqualTo("%1PO\\x00\\xff");
  }
}
