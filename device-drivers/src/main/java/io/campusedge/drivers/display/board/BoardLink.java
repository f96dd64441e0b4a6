package io.campusedge.drivers.display.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The byte pipe to one board: a TCP connection or a serial port. Reads time out with an {@link
 * java.io.InterruptedIOException}; a closed pipe reads -1.
 */
interface BoardLink extends AutoCloseable {

  /** Opens the pipe if it is not open. */
  void open() throws IOException;

  boolean isOpen();

  InputStream in();

  OutputStream out();

  /** Drops bytes that arrived unasked (a late reply, line noise) before the next request. */
  void discardPending() throws IOException;

  /** Where the board is, for messages: {@code TCP 10.0.0.5:1515}, {@code serial /dev/ttyUSB0}. */
  String where();

  @Override
  void close();
}
