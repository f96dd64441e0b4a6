package io.campusedge.drivers.display.board;

/**
 * A board answered, but not with a reply its profile describes: garbage, wrong checksum, a frame
 * for another command. Stays inside the driver, which reports a BAD reading with the message.
 */
final class BoardFault extends Exception {
  BoardFault(String message) {
    super(message);
  }
}
