package io.campusedge.drivers.display.board;

import java.io.EOFException;

/**
 * The board's end of the link was closed before any byte of the reply came: on a kept TCP
 * connection that usually means the board (or its serial server) restarted, so the driver opens the
 * link again and asks once more.
 */
final class ClosedBeforeReply extends EOFException {
  ClosedBeforeReply() {
    super("connection closed before the reply");
  }
}
