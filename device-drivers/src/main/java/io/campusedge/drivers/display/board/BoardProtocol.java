package io.campusedge.drivers.display.board;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * How one family of boards frames requests and replies: ASCII lines or checksummed binary frames.
 * Pure: the bytes come from and go to streams the driver owns. A read that times out throws the
 * stream's {@link java.io.InterruptedIOException}.
 */
sealed interface BoardProtocol permits AsciiLineProtocol, BinaryFrameProtocol {

  /** The bytes of {@code template} with {@code {name}} placeholders filled from {@code values}. */
  byte[] request(String template, Map<String, String> values) throws ProfileException;

  /** Reads until a reply matching {@code replyTemplate} or the profile's error reply arrives. */
  Answer read(InputStream in, String replyTemplate, Map<String, String> values)
      throws IOException, BoardFault;

  /** Checks a template when the profile is loaded. */
  void check(String key, String template) throws ProfileException;

  /** What the board said: the captured value, or its error reply. */
  sealed interface Answer {
    record Value(String text) implements Answer {}

    record Refused(String detail) implements Answer {}
  }
}
