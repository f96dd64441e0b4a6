package io.campusedge.drivers.lab.opcua;

import io.campusedge.protos.v1.Quality;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UNumber;

/** Pure mapping from OPC UA status codes and variants to the wire contract's quality and values. */
final class DataValueMapping {
  // OPC 10000-4 §7.39: the top two bits are the severity, bits 16-29 the sub-code, the low
  // 16 bits info bits (overflow, limits) that do not change the meaning.
  private static final long CODE_MASK = 0xFFFF0000L;

  private DataValueMapping() {}

  static Quality quality(StatusCode status) {
    if (status.isGood()) {
      return Quality.QUALITY_GOOD;
    }
    return status.isUncertain() ? Quality.QUALITY_UNCERTAIN : Quality.QUALITY_BAD;
  }

  /** The symbolic name from OPC 10000-6 Annex A ({@code Bad_NodeIdUnknown}), or the hex code. */
  static String statusName(StatusCode status) {
    long code = status.getValue() & CODE_MASK;
    return StatusCodes.lookup(code)
        .map(names -> names[0])
        .orElseGet(() -> String.format("0x%08X", status.getValue()));
  }

  /**
   * The value as the wire contract carries it; empty for null, arrays and structures, which a lab
   * point cannot report as one reading.
   */
  static Optional<UaValue> typed(Variant variant) {
    Object v = variant == null ? null : variant.getValue();
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Boolean b) {
      return Optional.of(new UaValue.Flag(b));
    }
    if (v instanceof Float || v instanceof Double) {
      return Optional.of(new UaValue.Real(((Number) v).doubleValue()));
    }
    if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
      return Optional.of(new UaValue.Whole(((Number) v).longValue()));
    }
    if (v instanceof ULong u) {
      // UInt64 above Long.MAX_VALUE does not fit sint64; a double keeps its magnitude.
      return Optional.of(
          u.longValue() < 0
              ? new UaValue.Real(u.toBigInteger().doubleValue())
              : new UaValue.Whole(u.longValue()));
    }
    if (v instanceof UNumber u) {
      return Optional.of(new UaValue.Whole(u.longValue()));
    }
    if (v instanceof String s) {
      return Optional.of(new UaValue.Text(s));
    }
    if (v instanceof LocalizedText t) {
      return Optional.of(new UaValue.Text(t.getText() == null ? "" : t.getText()));
    }
    if (v instanceof QualifiedName q) {
      return Optional.of(new UaValue.Text(q.getName() == null ? "" : q.getName()));
    }
    if (v instanceof DateTime t) {
      return Optional.of(new UaValue.Text(t.isNull() ? "" : t.getJavaInstant().toString()));
    }
    if (v instanceof NodeId id) {
      return Optional.of(new UaValue.Text(id.toParseableString()));
    }
    if (v instanceof StatusCode s) {
      return Optional.of(new UaValue.Text(statusName(s)));
    }
    return Optional.empty();
  }

  /** A short name of the value's type for messages about values that cannot be reported. */
  static String typeName(Variant variant) {
    Object v = variant == null ? null : variant.getValue();
    if (v == null) {
      return "null";
    }
    return v.getClass().isArray()
        ? v.getClass().getComponentType().getSimpleName() + "[]"
        : v.getClass().getSimpleName();
  }
}
