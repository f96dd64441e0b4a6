package io.campusedge.simulators.devices.av;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SMART Board MX series flat panel answering its RS-232 text commands (here over TCP, as through
 * a serial-to-Ethernet adapter): {@code get powerstate} → {@code powerstate=on|ready}, {@code get
 * input}, {@code set input=HDMI2}, {@code get/set mute}. Like the real panel, only powerstate
 * commands work while it is not on, and each reply is followed by a {@code >} prompt.
 */
public final class SmartBoardSim extends TcpDeviceServer {
  private static final Set<String> INPUTS = Set.of("HDMI1", "HDMI2", "HDMI3", "VGA", "OPS");
  private static final Pattern SET = Pattern.compile("set\\s+(\\w+)\\s*=\\s*(\\S+)");

  private String power = "ready";
  private String input = "HDMI1";
  private String mute = "off";

  public synchronized void pressPower(boolean on) {
    power = on ? "on" : "ready";
  }

  public synchronized String power() {
    return power;
  }

  public synchronized String input() {
    return input;
  }

  public synchronized String mute() {
    return mute;
  }

  @Override
  protected String name() {
    return "smart-board-sim";
  }

  @Override
  protected void serve(InputStream in, OutputStream out) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b != '\r' && b != '\n') {
        line.write(b);
        continue;
      }
      String command = line.toString(StandardCharsets.US_ASCII).trim();
      line.reset();
      if (command.isEmpty()) {
        continue;
      }
      counted();
      if (!reply(command, out)) {
        return;
      }
    }
  }

  private boolean reply(String command, OutputStream out) throws IOException {
    var fault = nextFault();
    String answer =
        fault.isPresent() && fault.get() == BoardFault.REFUSE ? "invalid command" : answer(command);
    if (fault.isPresent()) {
      switch (fault.get()) {
        case SILENCE -> {
          return true;
        }
        case GARBAGE -> answer = "\u0007#!xx=%%\u00fe";
        case CLOSE_MID_REPLY -> {
          out.write(answer.substring(0, answer.length() / 2).getBytes(StandardCharsets.US_ASCII));
          out.flush();
          return false;
        }
        default -> {}
      }
    }
    out.write((answer + "\r\n>").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return true;
  }

  private synchronized String answer(String command) {
    String c = command.toLowerCase(Locale.ROOT);
    if (c.equals("get powerstate")) {
      return "powerstate=" + power;
    }
    Matcher set = SET.matcher(c);
    if (set.matches() && set.group(1).equals("powerstate")) {
      String v = set.group(2);
      if (!v.equals("on") && !v.equals("ready")) {
        return "invalid command";
      }
      power = v;
      return "powerstate=" + power;
    }
    if (!power.equals("on")) {
      return "invalid command";
    }
    if (c.equals("get input")) {
      return "input=" + input;
    }
    if (c.equals("get mute")) {
      return "mute=" + mute;
    }
    if (set.matches() && set.group(1).equals("input")) {
      String v = set.group(2).toUpperCase(Locale.ROOT);
      if (!INPUTS.contains(v)) {
        return "invalid command";
      }
      input = v;
      return "input=" + input;
    }
    if (set.matches() && set.group(1).equals("mute")) {
      String v = set.group(2);
      if (!v.equals("on") && !v.equals("off")) {
        return "invalid command";
      }
      mute = v;
      return "mute=" + mute;
    }
    return "invalid command";
  }
}
