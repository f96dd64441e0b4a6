package io.campusedge.drivers.display.board;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Boards that take binary frames with a header byte, a length byte and a checksum (Samsung MDC:
 * {@code AA 11 <id> 00 <cs>}). A template is a list of tokens separated by spaces: a hex byte
 * ({@code AA}), {@code {cs}} for the checksum, {@code ??} for any byte (replies), {@code {v}} for
 * the byte the reply carries (replies), or {@code {name}} for a value the driver fills in ({@code
 * {id}}, or an action argument already turned into a hex byte by the profile).
 *
 * <p>A reply frame starts at the header byte; its length is the byte at {@code lengthIndex} plus
 * {@code lengthExtra}. The {@code sum8} checksum is the sum of every byte after the header and
 * before the checksum, modulo 256 (Samsung MDC: "Checksum is the sum of all remainings").
 */
final class BinaryFrameProtocol implements BoardProtocol {
  static final int MAX_JUNK = 64;

  private final int header;
  private final int lengthIndex;
  private final int lengthExtra;
  private final Optional<String> error;

  BinaryFrameProtocol(int header, int lengthIndex, int lengthExtra, Optional<String> error) {
    this.header = header;
    this.lengthIndex = lengthIndex;
    this.lengthExtra = lengthExtra;
    this.error = error;
  }

  /** Sum of {@code bytes[from..to)} modulo 256. */
  static int sum8(byte[] bytes, int from, int to) {
    int sum = 0;
    for (int i = from; i < to; i++) {
      sum += bytes[i] & 0xFF;
    }
    return sum & 0xFF;
  }

  @Override
  public byte[] request(String template, Map<String, String> values) throws ProfileException {
    List<String> tokens = tokens(template);
    byte[] frame = new byte[tokens.size()];
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (t.equals("{cs}")) {
        frame[i] = (byte) sum8(frame, 1, i);
      } else if (t.startsWith("{")) {
        String name = t.substring(1, t.length() - 1);
        String value = values.get(name);
        if (value == null) {
          throw new ProfileException("no value for " + t + " in '" + template + "'");
        }
        frame[i] = (byte) hexByte(value, template);
      } else {
        frame[i] = (byte) hexByte(t, template);
      }
    }
    return frame;
  }

  @Override
  public Answer read(InputStream in, String replyTemplate, Map<String, String> values)
      throws IOException, BoardFault {
    byte[] frame = readFrame(in);
    int expected = sum8(frame, 1, frame.length - 1);
    int got = frame[frame.length - 1] & 0xFF;
    if (expected != got) {
      throw new BoardFault(
          String.format("checksum 0x%02x should be 0x%02x in frame %s", got, expected, hex(frame)));
    }
    Optional<String> value = match(frame, tokens(replyTemplate), values);
    if (value.isPresent()) {
      return new Answer.Value(value.get());
    }
    if (error.isPresent()) {
      Optional<String> code = match(frame, tokens(error.get()), values);
      if (code.isPresent()) {
        return new Answer.Refused("error code 0x" + code.get() + " (frame " + hex(frame) + ")");
      }
    }
    throw new BoardFault("unexpected frame " + hex(frame));
  }

  private byte[] readFrame(InputStream in) throws IOException, BoardFault {
    int junk = 0;
    int b;
    while ((b = next(in, new byte[0], 0)) != header) {
      if (++junk > MAX_JUNK) {
        throw new BoardFault(MAX_JUNK + " bytes without a frame header (garbage on the line)");
      }
    }
    byte[] start = new byte[lengthIndex + 1];
    start[0] = (byte) b;
    for (int i = 1; i <= lengthIndex; i++) {
      start[i] = (byte) next(in, start, i);
    }
    int total = (start[lengthIndex] & 0xFF) + lengthExtra;
    byte[] frame = java.util.Arrays.copyOf(start, total);
    for (int i = start.length; i < total; i++) {
      frame[i] = (byte) next(in, frame, i);
    }
    return frame;
  }

  private static int next(InputStream in, byte[] sofar, int count) throws IOException {
    int b = in.read();
    if (b < 0 && count == 0) {
      throw new ClosedBeforeReply();
    }
    if (b < 0) {
      throw new EOFException(
          "connection closed in the middle of the reply after "
              + hex(java.util.Arrays.copyOf(sofar, count)));
    }
    return b;
  }

  private static Optional<String> match(
      byte[] frame, List<String> tokens, Map<String, String> values) {
    if (tokens.size() != frame.length) {
      return Optional.empty();
    }
    String captured = "";
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      int actual = frame[i] & 0xFF;
      switch (t) {
        case "{cs}", "??" -> {}
        case "{v}" -> captured = String.format("%02X", actual);
        default -> {
          String literal = t.startsWith("{") ? values.get(t.substring(1, t.length() - 1)) : t;
          if (literal == null || Integer.parseInt(literal, 16) != actual) {
            return Optional.empty();
          }
        }
      }
    }
    return Optional.of(captured);
  }

  @Override
  public void check(String key, String template) throws ProfileException {
    List<String> tokens = tokens(template);
    if (tokens.isEmpty()
        || !tokens.get(0).matches("[0-9A-Fa-f]{2}")
        || Integer.parseInt(tokens.get(0), 16) != header) {
      throw new ProfileException(
          key + ": a frame must start with the header byte " + String.format("%02X", header));
    }
    if (!tokens.get(tokens.size() - 1).equals("{cs}")) {
      throw new ProfileException(key + ": a frame must end with {cs}");
    }
    for (String t : tokens) {
      if (!t.matches("[0-9A-Fa-f]{2}|\\?\\?|\\{[a-z]+}")) {
        throw new ProfileException(
            key + ": '" + t + "' is not a hex byte, ??, {cs}, {v} or {name}");
      }
    }
    if (key.endsWith(".reply") && tokens.size() <= lengthIndex) {
      throw new ProfileException(key + ": shorter than the length byte at " + lengthIndex);
    }
  }

  private static List<String> tokens(String template) {
    List<String> out = new ArrayList<>();
    for (String t : template.trim().split("\\s+")) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  private static int hexByte(String text, String template) throws ProfileException {
    if (!text.matches("[0-9A-Fa-f]{1,2}")) {
      throw new ProfileException("'" + text + "' is not a hex byte in '" + template + "'");
    }
    return Integer.parseInt(text, 16);
  }

  static String hex(byte[] bytes) {
    StringBuilder b = new StringBuilder();
    for (byte x : bytes) {
      b.append(b.length() == 0 ? "" : " ").append(String.format("%02X", x & 0xFF));
    }
    return b.toString();
  }
}
