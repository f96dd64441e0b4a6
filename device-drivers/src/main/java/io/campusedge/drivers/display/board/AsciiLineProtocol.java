package io.campusedge.drivers.display.board;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Boards that take text commands and answer text lines (SMART boards: {@code get powerstate} →
 * {@code powerstate=on}). A request is the template with {@code {arg}} filled in and the
 * terminator; a reply is the first line in which the reply pattern is found, its first group being
 * the value. Lines that match nothing (echo, prompt) are skipped, up to {@link #MAX_SKIPPED}.
 */
final class AsciiLineProtocol implements BoardProtocol {
  static final int MAX_SKIPPED = 8;
  static final int MAX_LINE = 256;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

  private final String terminator;
  private final Optional<Pattern> error;

  AsciiLineProtocol(String terminator, Optional<Pattern> error) {
    this.terminator = terminator;
    this.error = error;
  }

  @Override
  public byte[] request(String template, Map<String, String> values) throws ProfileException {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new ProfileException("no value for {" + m.group(1) + "} in '" + template + "'");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return (out + terminator).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public Answer read(InputStream in, String replyTemplate, Map<String, String> values)
      throws IOException, BoardFault {
    Pattern reply = Pattern.compile(replyTemplate);
    String last = "";
    for (int i = 0; i <= MAX_SKIPPED; i++) {
      String line;
      try {
        line = readLine(in, last);
      } catch (InterruptedIOException e) {
        if (last.isEmpty()) {
          throw e;
        }
        throw new BoardFault("unexpected reply '" + printable(last.strip()) + "'");
      }
      if (line.isBlank()) {
        i--;
        continue;
      }
      Matcher m = reply.matcher(line);
      if (m.find()) {
        return new Answer.Value(m.groupCount() >= 1 ? m.group(1) : m.group());
      }
      if (error.isPresent() && error.get().matcher(line).find()) {
        return new Answer.Refused("'" + printable(line.strip()) + "'");
      }
      last = line;
    }
    throw new BoardFault("unexpected reply '" + printable(last.strip()) + "'");
  }

  private static String readLine(InputStream in, String previous) throws IOException, BoardFault {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.size() == 0 && previous.isEmpty()) {
          throw new ClosedBeforeReply();
        }
        throw new EOFException(
            "connection closed in the middle of the reply after '"
                + printable(line.toString(StandardCharsets.ISO_8859_1))
                + "'");
      }
      if (b == '\r' || b == '\n') {
        return line.toString(StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      if (line.size() > MAX_LINE) {
        throw new BoardFault(
            "reply line longer than "
                + MAX_LINE
                + " bytes: '"
                + printable(line.toString(StandardCharsets.ISO_8859_1))
                + "'");
      }
    }
  }

  @Override
  public void check(String key, String template) throws ProfileException {
    if (key.endsWith(".reply")) {
      try {
        Pattern.compile(template);
      } catch (PatternSyntaxException e) {
        throw new ProfileException(key + ": not a regular expression (" + e.getDescription() + ")");
      }
    }
  }

  static String printable(String raw) {
    StringBuilder b = new StringBuilder();
    for (char c : raw.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
      if (b.length() > 60) {
        return b.append("...").toString();
      }
    }
    return b.toString();
  }
}
