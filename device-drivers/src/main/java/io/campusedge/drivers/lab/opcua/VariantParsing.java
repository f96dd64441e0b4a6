package io.campusedge.drivers.lab.opcua;

import java.util.Locale;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;

/**
 * Turns a hub command's text into a variant of the node's own data type: OPC UA servers reject a
 * Double written to a Float node with Bad_TypeMismatch (OPC 10000-4 §5.10.4), so the driver writes
 * the type it last read.
 */
final class VariantParsing {
  private VariantParsing() {}

  static Optional<Variant> like(Variant current, String text) {
    Object v = current.getValue();
    try {
      if (v instanceof Double) {
        return finite(Double.parseDouble(text)).map(Variant::ofDouble);
      }
      if (v instanceof Float) {
        return finite(Double.parseDouble(text)).map(d -> Variant.ofFloat(d.floatValue()));
      }
      if (v instanceof Integer) {
        return Optional.of(Variant.ofInt32(Integer.parseInt(text)));
      }
      if (v instanceof Short) {
        return Optional.of(Variant.ofInt16(Short.parseShort(text)));
      }
      if (v instanceof Long) {
        return Optional.of(Variant.ofInt64(Long.parseLong(text)));
      }
      if (v instanceof UInteger) {
        return Optional.of(Variant.ofUInt32(Unsigned.uint(Long.parseLong(text))));
      }
      if (v instanceof UShort) {
        return Optional.of(Variant.ofUInt16(Unsigned.ushort(Integer.parseInt(text))));
      }
      if (v instanceof UByte) {
        return Optional.of(Variant.ofByte(Unsigned.ubyte(Integer.parseInt(text))));
      }
      if (v instanceof Boolean) {
        return bool(text).map(Variant::ofBoolean);
      }
      if (v instanceof String) {
        return Optional.of(Variant.ofString(text));
      }
      if (v instanceof LocalizedText) {
        return Optional.of(Variant.ofLocalizedText(LocalizedText.english(text)));
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<Double> finite(double d) {
    return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
  }

  private static Optional<Boolean> bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "on", "1", "yes" -> Optional.of(true);
      case "false", "off", "0", "no" -> Optional.of(false);
      default -> Optional.empty();
    };
  }
}
