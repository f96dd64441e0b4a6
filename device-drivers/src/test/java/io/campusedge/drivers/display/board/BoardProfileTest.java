package io.campusedge.drivers.display.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.display.PowerState;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardProfileTest {

  @Test
  void shippedProfilesLoad() throws Exception {
    BoardProfile smart = BoardProfile.load("smart-mx");
    assertThat(smart.protocol()).isInstanceOf(AsciiLineProtocol.class);
    assertThat(smart.serial()).isEqualTo(new BoardProfile.SerialDefaults(19200, 8, "none", 1));
    assertThat(smart.powerStates()).containsEntry("ready", PowerState.STANDBY);
    assertThat(smart.powerStates().get("on")).isEqualTo(PowerState.ON);
    assertThat(smart.actions()).containsOnlyKeys("power-on", "power-off", "input", "mute");
    assertThat(smart.tcpPort()).isEmpty();

    BoardProfile mdc = BoardProfile.load("samsung-mdc");
    assertThat(mdc.protocol()).isInstanceOf(BinaryFrameProtocol.class);
    assertThat(mdc.tcpPort()).contains(1515);
    assertThat(mdc.inputNames()).containsEntry("21", "hdmi1").containsEntry("0c", "av");
    assertThat(mdc.actions().get("input").args().get("input")).containsEntry("hdmi2", "23");
  }

  @Test
  void unknownProfileNamesTheShippedOnes() {
    assertThatThrownBy(() -> BoardProfile.load("epson-xyz"))
        .hasMessageContaining("not shipped (shipped: smart-mx, samsung-mdc)");
    assertThatThrownBy(() -> BoardProfile.load("../etc/passwd"))
        .hasMessageContaining("not a shipped profile name");
  }

  @Test
  void aProfileFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("lab-panel.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "name=Lab panel",
            "framing=ascii",
            "ascii.terminator=CRLF",
            "power.query=POWER?",
            "power.reply=^POWER (ON|OFF)$",
            "power.states=on:on,off:standby"));
    BoardProfile p = BoardProfile.load(file.toString());
    assertThat(p.name()).isEqualTo("lab-panel");
    assertThat(new String(p.protocol().request("POWER?", java.util.Map.of())))
        .isEqualTo("POWER?\r\n");
    assertThat(p.input()).isEmpty();
  }

  private static BoardProfile parse(String text) throws ProfileException {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return BoardProfile.parse("broken", p);
  }

  @Test
  void brokenProfilesNameTheKey() {
    assertThatThrownBy(() -> parse("name=x\npower.query=a\npower.reply=b\npower.states=on:on"))
        .hasMessageContaining("key framing is required");
    assertThatThrownBy(() -> parse("name=x\nframing=morse"))
        .hasMessageContaining("framing must be ascii or binary");
    assertThatThrownBy(
            () -> parse("name=x\nframing=ascii\npower.query=a\npower.reply=(\npower.states=on:on"))
        .hasMessageContaining("power.reply: not a regular expression");
    assertThatThrownBy(
            () ->
                parse(
                    "name=x\nframing=ascii\npower.query=a\npower.reply=b\npower.states=on:blazing"))
        .hasMessageContaining("'blazing' is not on, standby");
    assertThatThrownBy(
            () ->
                parse(
                    "name=x\nframing=binary\nbinary.header=AA\npower.query=11 00 {cs}\n"
                        + "power.reply=AA FF {v} {cs}\npower.states=01:on"))
        .hasMessageContaining("power.query: a frame must start with the header byte AA");
    assertThatThrownBy(
            () ->
                parse(
                    "name=x\nframing=binary\nbinary.header=AA\npower.query=AA 11 00\n"
                        + "power.reply=AA FF {v} {cs}\npower.states=01:on"))
        .hasMessageContaining("power.query: a frame must end with {cs}");
    assertThatThrownBy(
            () ->
                parse(
                    "name=x\nframing=binary\nbinary.header=AA\npower.query=AA 1G {cs}\n"
                        + "power.reply=AA FF 00 01 {v} {cs}\npower.states=01:on"))
        .hasMessageContaining("'1G' is not a hex byte");
    assertThatThrownBy(
            () ->
                parse(
                    "name=x\nframing=ascii\npower.query=a\npower.reply=b\npower.states=on:on\n"
                        + "action.mute.send=set mute={state}"))
        .hasMessageContaining("action.mute.reply is required");
  }
}
