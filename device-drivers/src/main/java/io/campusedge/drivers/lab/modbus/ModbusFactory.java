package io.campusedge.drivers.lab.modbus;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverFactory;
import io.campusedge.drivers.api.SpecParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Type {@code modbus-tcp}: lab equipment (fume hood controller, energy meter, ...) speaking Modbus
 * TCP. Parameters: {@code host} (required), {@code port} (502), {@code unitId} (1; 0 to 255),
 * {@code timeout} (2s, connect and each reply), {@code wordOrder} (big; default for 32-bit points)
 * and {@code registers}, a list of points, each with {@code name} (or {@code metric}), {@code
 * table} (coil, discrete, holding, input), {@code address} (0-based, as sent in the request),
 * {@code type} (bool for coils and discretes; int16, uint16, int32, uint32, float32 for registers,
 * default uint16), {@code wordOrder}, {@code scale} (1), {@code offset} (0), {@code unit} (UCUM,
 * default "1") and {@code writable} (false; coils and holding registers only).
 */
public final class ModbusFactory implements DriverFactory {
  public static final String TYPE = "modbus-tcp";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Set<String> POINT_KEYS =
      Set.of(
          "name",
          "metric",
          "table",
          "address",
          "type",
          "wordOrder",
          "scale",
          "offset",
          "unit",
          "writable");

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public DeviceDriver create(DeviceSpec spec) throws DriverConfigException {
    return new ModbusDriver(config(spec));
  }

  static ModbusConfig config(DeviceSpec spec) throws DriverConfigException {
    String host = spec.param("host").map(Object::toString).map(String::trim).orElse("");
    if (host.isEmpty()) {
      throw SpecParams.fail(spec, "host", "is required (the device's IP address or name)");
    }
    int port = SpecParams.intInRange(spec, "port", ModbusCodec.DEFAULT_PORT, 1, 65535);
    int unitId = SpecParams.intInRange(spec, "unitId", 1, 0, 255);
    Duration timeout = SpecParams.duration(spec, "timeout", Duration.ofSeconds(2));
    if (timeout.toMillis() < 50 || timeout.toSeconds() > 30) {
      throw SpecParams.fail(spec, "timeout", "must be between 50ms and 30s, got " + timeout);
    }
    WordOrder order = wordOrder(spec, "wordOrder", spec.param("wordOrder"), WordOrder.BIG);
    List<RegisterPoint> points = points(spec, order);
    return new ModbusConfig(spec.id(), host, port, unitId, timeout, points);
  }

  private static List<RegisterPoint> points(DeviceSpec spec, WordOrder deviceOrder)
      throws DriverConfigException {
    Object raw = spec.param("registers").orElse(null);
    if (!(raw instanceof List<?> list) || list.isEmpty()) {
      throw SpecParams.fail(
          spec, "registers", "must list at least one point (name, table, address, type ...)");
    }
    List<RegisterPoint> points = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "registers[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        throw SpecParams.fail(spec, at, "must be a map with name, table, address and type");
      }
      RegisterPoint p = point(spec, at, map, deviceOrder);
      if (!names.add(p.name())) {
        throw SpecParams.fail(spec, at + ".name", "'" + p.name() + "' is used twice");
      }
      points.add(p);
    }
    return points;
  }

  private static RegisterPoint point(
      DeviceSpec spec, String at, Map<?, ?> map, WordOrder deviceOrder)
      throws DriverConfigException {
    SpecParams.requireKnownKeys(spec, at, map, POINT_KEYS, "point");
    String name = text(map, "name").or(() -> text(map, "metric")).orElse("");
    if (!NAME.matcher(name).matches()) {
      throw SpecParams.fail(
          spec, at + ".name", "must be a metric name like face_velocity, got '" + name + "'");
    }
    String tableWord = text(map, "table").orElse("");
    RegisterTable table =
        RegisterTable.of(tableWord)
            .orElseThrow(
                () ->
                    SpecParams.fail(
                        spec,
                        at + ".table",
                        "must be coil, discrete, holding or input, got '" + tableWord + "'"));
    String typeWord = text(map, "type").orElse(table.bits() ? "bool" : "uint16");
    DataType type =
        DataType.of(typeWord)
            .orElseThrow(
                () ->
                    SpecParams.fail(
                        spec,
                        at + ".type",
                        "must be bool, int16, uint16, int32, uint32 or float32, got '"
                            + typeWord
                            + "'"));
    if (table.bits() != (type == DataType.BOOL)) {
      throw SpecParams.fail(
          spec,
          at + ".type",
          table.bits()
              ? "must be bool for a " + table.word() + " (one bit)"
              : "bool needs a coil or discrete table; a "
                  + table.word()
                  + " register is int16, uint16, int32, uint32 or float32");
    }
    int address = wholeNumber(spec, at + ".address", map.get("address"), -1);
    int last = address + Math.max(1, type.words()) - 1;
    if (address < 0 || last > 0xFFFF) {
      throw SpecParams.fail(
          spec,
          at + ".address",
          "must be a 0-based protocol address 0..65535 (register 40001 is holding address 0), got "
              + map.get("address"));
    }
    WordOrder order =
        wordOrder(spec, at + ".wordOrder", Optional.ofNullable(map.get("wordOrder")), deviceOrder);
    double scale = number(spec, at + ".scale", map.get("scale"), 1);
    double offset = number(spec, at + ".offset", map.get("offset"), 0);
    if (scale == 0 || !Double.isFinite(scale) || !Double.isFinite(offset)) {
      throw SpecParams.fail(spec, at + ".scale", "must be a finite, non-zero number");
    }
    if (type == DataType.BOOL && (scale != 1 || offset != 0)) {
      throw SpecParams.fail(spec, at + ".scale", "does not apply to a bool point");
    }
    String unit = text(map, "unit").orElse("1");
    if (unit.isBlank() || unit.chars().anyMatch(Character::isWhitespace)) {
      throw SpecParams.fail(spec, at + ".unit", "must be a UCUM unit like m/s, %, Cel, kW.h or 1");
    }
    boolean writable = bool(spec, at + ".writable", map.get("writable"));
    if (writable && !table.writable()) {
      throw SpecParams.fail(
          spec,
          at + ".writable",
          "only coils and holding registers can be written, not a " + table.word());
    }
    return new RegisterPoint(name, table, address, type, order, scale, offset, unit, writable);
  }

  private static Optional<String> text(Map<?, ?> map, String key) {
    return Optional.ofNullable(map.get(key)).map(Object::toString).map(String::trim);
  }

  private static WordOrder wordOrder(
      DeviceSpec spec, String name, Optional<Object> raw, WordOrder fallback)
      throws DriverConfigException {
    if (raw.isEmpty()) {
      return fallback;
    }
    return switch (raw.get().toString().trim().toLowerCase(Locale.ROOT)) {
      case "big" -> WordOrder.BIG;
      case "little" -> WordOrder.LITTLE;
      default ->
          throw SpecParams.fail(
              spec,
              name,
              "must be big (high word first) or little (low word first), got '" + raw.get() + "'");
    };
  }

  private static double number(DeviceSpec spec, String name, Object raw, double fallback)
      throws DriverConfigException {
    if (raw == null) {
      return fallback;
    }
    if (raw instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(raw.toString().trim());
    } catch (NumberFormatException e) {
      throw SpecParams.fail(spec, name, "must be a number, got '" + raw + "'");
    }
  }

  private static int wholeNumber(DeviceSpec spec, String name, Object raw, int fallback)
      throws DriverConfigException {
    double v = number(spec, name, raw, fallback);
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw SpecParams.fail(spec, name, "must be a whole number, got '" + raw + "'");
    }
    return (int) v;
  }

  private static boolean bool(DeviceSpec spec, String name, Object raw)
      throws DriverConfigException {
    return SpecParams.flag(spec, name, raw);
  }
}
