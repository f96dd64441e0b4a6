package io.campusedge.drivers.lab.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModbusFactoryTest {

  private static DeviceSpec spec(List<Map<String, Object>> registers, Map<String, Object> extra) {
    Map<String, Object> params = new HashMap<>();
    params.put("host", "10.0.0.5");
    params.put("registers", registers);
    params.putAll(extra);
    return new DeviceSpec("lab1-hood", "modbus-tcp", "LAB1", Duration.ofSeconds(10), params);
  }

  private static Map<String, Object> velocity() {
    return Map.of(
        "name", "face_velocity", "table", "input", "address", 0, "type", "float32", "unit", "m/s");
  }

  @Test
  void foundByTypeWithDefaults() throws Exception {
    assertThat(DriverRegistry.load().find("modbus-tcp")).isPresent();
    ModbusConfig c = ModbusFactory.config(spec(List.of(velocity()), Map.of()));
    assertThat(c.port()).isEqualTo(502);
    assertThat(c.unitId()).isEqualTo(1);
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
    RegisterPoint p = c.points().get(0);
    assertThat(p.table()).isEqualTo(RegisterTable.INPUT);
    assertThat(p.type()).isEqualTo(DataType.FLOAT32);
    assertThat(p.wordOrder()).isEqualTo(WordOrder.BIG);
    assertThat(p.quantity()).isEqualTo(2);
    assertThat(p.scale()).isEqualTo(1.0);
    assertThat(p.writable()).isFalse();
  }

  @Test
  void deviceWordOrderIsTheDefaultAndAPointMayOverrideIt() throws Exception {
    Map<String, Object> energy =
        Map.of(
            "metric",
            "energy",
            "table",
            "holding",
            "address",
            "100",
            "type",
            "uint32",
            "wordOrder",
            "big",
            "scale",
            0.1,
            "unit",
            "kW.h");
    Map<String, Object> fan =
        Map.of("name", "fan", "table", "coil", "address", 0, "writable", true);
    ModbusConfig c =
        ModbusFactory.config(
            spec(List.of(velocity(), energy, fan), Map.of("wordOrder", "little", "unitId", 7)));
    assertThat(c.points().get(0).wordOrder()).isEqualTo(WordOrder.LITTLE);
    assertThat(c.points().get(1).wordOrder()).isEqualTo(WordOrder.BIG);
    assertThat(c.points().get(1).scale()).isEqualTo(0.1);
    assertThat(c.points().get(2).type()).isEqualTo(DataType.BOOL);
    assertThat(c.points().get(2).writable()).isTrue();
    assertThat(c.unitId()).isEqualTo(7);
  }

  private static void refused(DeviceSpec spec, String... parts) {
    assertThatThrownBy(() -> ModbusFactory.config(spec))
        .isInstanceOf(DriverConfigException.class)
        .hasMessageContainingAll(parts);
  }

  @Test
  void badConfigurationsNameThePointAndTheFix() {
    refused(spec(List.of(velocity()), Map.of("host", " ")), "'host' is required");
    refused(spec(List.of(), Map.of()), "'registers' must list at least one point");
    refused(spec(List.of(velocity()), Map.of("unitId", 256)), "'unitId' must be between 0 and 255");
    refused(spec(List.of(velocity()), Map.of("wordOrder", "middle")), "big (high word first)");
    refused(
        spec(List.of(Map.of("name", "x", "table", "eeprom", "address", 0)), Map.of()),
        "registers[0].table",
        "coil, discrete, holding or input");
    refused(
        spec(
            List.of(Map.of("name", "x", "table", "holding", "address", 0, "type", "bool")),
            Map.of()),
        "registers[0].type",
        "bool needs a coil or discrete");
    refused(
        spec(
            List.of(Map.of("name", "x", "table", "coil", "address", 0, "type", "int16")), Map.of()),
        "must be bool for a coil");
    refused(
        spec(
            List.of(Map.of("name", "x", "table", "input", "address", 65535, "type", "float32")),
            Map.of()),
        "registers[0].address",
        "0-based");
    refused(
        spec(List.of(Map.of("name", "x", "table", "input", "address", 1.5)), Map.of()),
        "whole number");
    refused(
        spec(
            List.of(Map.of("name", "x", "table", "input", "address", 0, "writable", true)),
            Map.of()),
        "only coils and holding registers can be written");
    refused(
        spec(List.of(Map.of("name", "x", "table", "input", "address", 0, "scale", 0)), Map.of()),
        "non-zero");
    refused(spec(List.of(velocity(), velocity()), Map.of()), "registers[1].name", "used twice");
    refused(
        spec(List.of(Map.of("name", "Face Velocity", "table", "input", "address", 0)), Map.of()),
        "metric name");
    refused(
        spec(List.of(Map.of("name", "x", "table", "input", "address", 0, "adress", 1)), Map.of()),
        "registers[0].adress",
        "is not a point setting");
  }
}
