package io.campusedge.drivers.lab.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.lab.modbus.ModbusFailure.Problem;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Byte vectors from the Modbus Application Protocol Specification V1.1b3 (the examples in sections
 * 6.1, 6.3, 6.4, 6.5, 6.6, 6.12 and 7) and the MBAP header of the TCP Implementation Guide V1.0b.
 */
class ModbusCodecTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void readHoldingRegistersExampleOfSection6_3() throws Exception {
    byte[] request = ModbusCodec.readRequest(RegisterTable.HOLDING, 107, 3);
    assertThat(request).isEqualTo(hex("03 006B 0003"));
    assertThat(ModbusCodec.registers(request, hex("03 06 022B 0000 0064")))
        .containsExactly(555, 0, 100);
  }

  @Test
  void readInputRegisterExampleOfSection6_4() throws Exception {
    byte[] request = ModbusCodec.readRequest(RegisterTable.INPUT, 8, 1);
    assertThat(request).isEqualTo(hex("04 0008 0001"));
    assertThat(ModbusCodec.registers(request, hex("04 02 000A"))).containsExactly(10);
  }

  @Test
  void readCoilsExampleOfSection6_1PacksTheFirstCoilInTheLowestBit() throws Exception {
    byte[] request = ModbusCodec.readRequest(RegisterTable.COIL, 19, 19);
    assertThat(request).isEqualTo(hex("01 0013 0013"));
    boolean[] coils = ModbusCodec.bits(request, hex("01 03 CD 6B 05"));
    StringBuilder s = new StringBuilder();
    for (boolean c : coils) {
      s.append(c ? '1' : '0');
    }
    // coils 20..38: CD = 1100 1101 read LSB first, then 6B, then 05 (three bits)
    assertThat(s).hasToString("1011001111010110" + "101");
  }

  @Test
  void discreteInputsUseFunction2() {
    assertThat(ModbusCodec.readRequest(RegisterTable.DISCRETE, 196, 22))
        .isEqualTo(hex("02 00C4 0016"));
  }

  @Test
  void writeRequestsOfSections6_5_6_6_6_12() throws Exception {
    assertThat(ModbusCodec.writeCoil(172, true)).isEqualTo(hex("05 00AC FF00"));
    assertThat(ModbusCodec.writeCoil(172, false)).isEqualTo(hex("05 00AC 0000"));
    assertThat(ModbusCodec.writeRegisters(1, new int[] {3})).isEqualTo(hex("06 0001 0003"));
    byte[] multiple = ModbusCodec.writeRegisters(1, new int[] {0x000A, 0x0102});
    assertThat(multiple).isEqualTo(hex("10 0001 0002 04 000A 0102"));
    ModbusCodec.writeConfirmed(multiple, hex("10 0001 0002"));
    ModbusCodec.writeConfirmed(hex("05 00AC FF00"), hex("05 00AC FF00"));
  }

  @Test
  void writeReplyThatDoesNotEchoIsMalformed() {
    assertThatThrownBy(() -> ModbusCodec.writeConfirmed(hex("05 00AC FF00"), hex("05 00AC 0000")))
        .isInstanceOf(ModbusFailure.class)
        .hasMessageContaining("does not echo");
  }

  @Test
  void exceptionResponseOfSection7CarriesTheCodeAndItsSpecName() {
    byte[] request = hex("01 04A1 0001");
    assertThatThrownBy(() -> ModbusCodec.bits(request, hex("81 02")))
        .isInstanceOfSatisfying(
            ModbusFailure.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.DEVICE_EXCEPTION);
              assertThat(e.exceptionCode()).isEqualTo(2);
              assertThat(e.unreachable()).isFalse();
            })
        .hasMessageContaining("exception 02 ILLEGAL DATA ADDRESS");
  }

  @ParameterizedTest
  @CsvSource({
    "01, ILLEGAL FUNCTION, false",
    "02, ILLEGAL DATA ADDRESS, false",
    "03, ILLEGAL DATA VALUE, false",
    "04, SERVER DEVICE FAILURE, false",
    "06, SERVER DEVICE BUSY, false",
    "0A, GATEWAY PATH UNAVAILABLE, true",
    "0B, GATEWAY TARGET DEVICE FAILED TO RESPOND, true"
  })
  void everyExceptionCodeIsNamed(String code, String name, boolean unreachable) {
    byte[] request = hex("03 0000 0001");
    assertThatThrownBy(() -> ModbusCodec.registers(request, hex("83" + code)))
        .isInstanceOfSatisfying(
            ModbusFailure.class, e -> assertThat(e.unreachable()).isEqualTo(unreachable))
        .hasMessageContaining("exception " + code + " " + name);
  }

  @Test
  void undefinedExceptionCodeIsStillReported() {
    assertThatThrownBy(() -> ModbusCodec.registers(hex("03 0000 0001"), hex("83 7F")))
        .hasMessageContaining("exception 7F (not defined");
  }

  @ParameterizedTest
  @CsvSource({
    "03 04 0001 0002 0003, byte count 4", // asked 1 register, got a count of 4
    "03 02 00, 3 PDU bytes", // truncated data
    "03, byte count none", // no byte count at all
    "04 02 0001, function 04 in reply to function 03",
    "83 02 00, exception response of 3 bytes",
    "'', empty PDU"
  })
  void malformedRegisterRepliesAreRefused(String reply, String why) {
    byte[] request = hex("03 0000 0001");
    assertThatThrownBy(() -> ModbusCodec.registers(request, hex(reply)))
        .isInstanceOfSatisfying(
            ModbusFailure.class, e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
        .hasMessageContaining(why);
  }

  @Test
  void mbapHeaderGivesThePduLength() throws Exception {
    // transaction 0x1501, protocol 0, length 6, unit 0xFF (TCP guide 3.1.3 / 4.4.1 example shape)
    assertThat(ModbusCodec.replyPduLength(hex("1501 0000 0006 FF"), 0x1501, 0xFF)).isEqualTo(5);
    assertThat(ModbusCodec.adu(0x1501, 0xFF, hex("03 0004 0001")))
        .isEqualTo(hex("1501 0000 0006 FF 03 0004 0001"));
  }

  @ParameterizedTest
  @CsvSource({
    "0001 0001 0006 01, protocol id 0001",
    "0001 0000 0001 01, length 1 outside",
    "0001 0000 FFFF 01, length 65535 outside",
    "0002 0000 0006 01, reply to transaction 2 while waiting for 1",
    "0001 0000 0006 07, reply from unit 7 while asking unit 1"
  })
  void malformedMbapHeadersAreRefused(String header, String why) {
    assertThatThrownBy(() -> ModbusCodec.replyPduLength(hex(header), 1, 1))
        .isInstanceOfSatisfying(
            ModbusFailure.class, e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
        .hasMessageContaining(why);
  }

  @ParameterizedTest
  @CsvSource({
    "41C8, 0000, FLOAT32, BIG, 25.0",
    "0000, 41C8, FLOAT32, LITTLE, 25.0",
    "4049, 0FDB, FLOAT32, BIG, 3.1415927410125732",
    "C2F7, 0000, FLOAT32, BIG, -123.5",
    "FFFF, FFFE, INT32, BIG, -2",
    "FFFE, FFFF, INT32, LITTLE, -2",
    "FFFF, FFFE, UINT32, BIG, 4294967294",
    "0001, 0000, UINT32, BIG, 65536",
    "0000, 0001, UINT32, LITTLE, 65536",
    "0001, 86A0, INT32, BIG, 100000"
  })
  void thirtyTwoBitValuesAcrossTwoRegisters(
      String first, String second, DataType type, WordOrder order, double expected) {
    int[] words = {Integer.parseInt(first, 16), Integer.parseInt(second, 16)};
    assertThat(ModbusCodec.decode(words, type, order)).isEqualTo(expected);
    assertThat(ModbusCodec.encode(expected, type, order)).containsExactly(words);
  }

  @Test
  void sixteenBitValues() {
    assertThat(ModbusCodec.decode(new int[] {0xFF38}, DataType.INT16, WordOrder.BIG))
        .isEqualTo(-200);
    assertThat(ModbusCodec.decode(new int[] {0xFF38}, DataType.UINT16, WordOrder.BIG))
        .isEqualTo(65336);
    assertThat(ModbusCodec.encode(-200, DataType.INT16, WordOrder.BIG)).containsExactly(0xFF38);
  }

  @Test
  void floatNanStaysNanForTheDriverToMarkBad() {
    assertThat(ModbusCodec.decode(new int[] {0x7FC0, 0x0000}, DataType.FLOAT32, WordOrder.BIG))
        .isNaN();
  }
}
