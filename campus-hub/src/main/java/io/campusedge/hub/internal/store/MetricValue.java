package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.Reading;

/** A reading's typed value, as the gateway sent it. */
public sealed interface MetricValue {

  /** The value for JSON: a number, boolean, string, or null. */
  Object asJson();

  String typeName();

  record Decimal(double value) implements MetricValue {
    @Override
    public Object asJson() {
      return value;
    }

    @Override
    public String typeName() {
      return "DOUBLE";
    }
  }

  record WholeNumber(long value) implements MetricValue {
    @Override
    public Object asJson() {
      return value;
    }

    @Override
    public String typeName() {
      return "INT";
    }
  }

  record Flag(boolean value) implements MetricValue {
    @Override
    public Object asJson() {
      return value;
    }

    @Override
    public String typeName() {
      return "BOOL";
    }
  }

  record Text(String value) implements MetricValue {
    @Override
    public Object asJson() {
      return value;
    }

    @Override
    public String typeName() {
      return "STRING";
    }
  }

  /** A BAD reading may carry no value at all. */
  record Missing() implements MetricValue {
    @Override
    public Object asJson() {
      return null;
    }

    @Override
    public String typeName() {
      return "NONE";
    }
  }

  static MetricValue of(Reading reading) {
    return switch (reading.getValueCase()) {
      case DOUBLE_VALUE -> new Decimal(reading.getDoubleValue());
      case INT_VALUE -> new WholeNumber(reading.getIntValue());
      case BOOL_VALUE -> new Flag(reading.getBoolValue());
      case STRING_VALUE -> new Text(reading.getStringValue());
      case VALUE_NOT_SET -> new Missing();
    };
  }

  /** Rebuilds a value from the {@code reading} columns. */
  public static MetricValue fromColumns(String type, Double number, String text) {
    return switch (type) {
      case "DOUBLE" -> new Decimal(number);
      case "INT" -> new WholeNumber(Long.parseLong(text));
      case "BOOL" -> new Flag(Boolean.parseBoolean(text));
      case "STRING" -> new Text(text);
      default -> new Missing();
    };
  }
}
