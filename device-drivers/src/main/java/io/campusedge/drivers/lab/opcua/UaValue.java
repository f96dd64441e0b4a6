package io.campusedge.drivers.lab.opcua;

/** A node's value as the wire contract can carry it (Reading's double, int, bool or string). */
sealed interface UaValue {

  /** The value as text, for states, run ids and messages. */
  String text();

  record Real(double value) implements UaValue {
    public String text() {
      return Double.toString(value);
    }
  }

  record Whole(long value) implements UaValue {
    public String text() {
      return Long.toString(value);
    }
  }

  record Flag(boolean value) implements UaValue {
    public String text() {
      return Boolean.toString(value);
    }
  }

  record Text(String value) implements UaValue {
    public String text() {
      return value;
    }
  }
}
