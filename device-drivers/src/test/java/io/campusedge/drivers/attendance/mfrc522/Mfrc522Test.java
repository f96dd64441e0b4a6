package io.campusedge.drivers.attendance.mfrc522;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.drivers.attendance.mfrc522.Transceiver.Answer;
import io.campusedge.drivers.bus.SpiDevice;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden SPI bytes of the register sequences (address byte per datasheet 8.1.2.3). */
class Mfrc522Test {
  private final List<String> transfers = new ArrayList<>();
  private final int[] registers = new int[64];

  /** Answers reads from {@link #registers}; records every transfer as hex. */
  private final SpiDevice spi =
      new SpiDevice() {
        @Override
        public byte[] transfer(byte[] out) {
          transfers.add(HexFormat.of().formatHex(out));
          byte[] in = new byte[out.length];
          if ((out[0] & 0x80) != 0) {
            for (int i = 0; i < out.length - 1; i++) {
              in[i + 1] = (byte) registers[(out[i] >> 1) & 0x3F];
            }
          }
          return in;
        }

        @Override
        public void close() {}
      };

  @Test
  void reqaIsWrittenToTheFifoAndSentAsA7BitShortFrame() throws Exception {
    registers[0x04] = 0x01; // ComIrqReg: TimerIRq, nobody answered

    Answer answer = new Mfrc522(spi).transceive(new byte[] {0x26}, 7);

    assertThat(answer.kind()).isEqualTo(Answer.Kind.NO_ANSWER);
    assertThat(transfers)
        .startsWith(
            "0200", // CommandReg = Idle
            "087f", // ComIrqReg: clear all interrupt bits (Set1 = 0)
            "1480", // FIFOLevelReg: FlushBuffer
            "1226", // FIFODataReg <- 0x26 (REQA)
            "1a07", // BitFramingReg: TxLastBits = 7
            "020c", // CommandReg = Transceive
            "1a87", // BitFramingReg: StartSend
            "8800"); // read ComIrqReg
  }

  @Test
  void receivedBytesAreReadFromTheFifoInOneTransfer() throws Exception {
    registers[0x04] = 0x30; // RxIRq | IdleIRq
    registers[0x0A] = 2; // FIFOLevelReg: two bytes

    Answer answer = new Mfrc522(spi).transceive(new byte[] {0x26}, 7);

    assertThat(answer.kind()).isEqualTo(Answer.Kind.RECEIVED);
    assertThat(transfers).contains("929200"); // FIFODataReg read twice, then 00
  }

  @Test
  void collisionErrorBitMeansCollision() throws Exception {
    registers[0x04] = 0x32; // RxIRq | IdleIRq | ErrIRq
    registers[0x06] = 0x08; // ErrorReg: CollErr
    assertThat(new Mfrc522(spi).transceive(new byte[] {(byte) 0x93, 0x20}, 0).kind())
        .isEqualTo(Answer.Kind.COLLISION);
  }

  @Test
  void initStartsWithSoftResetAndEndsWithTheAntennaOn() throws Exception {
    registers[0x14] = 0x80; // TxControlReg reset value
    new Mfrc522(spi).init();
    assertThat(transfers.get(0)).isEqualTo("020f"); // CommandReg = SoftReset
    assertThat(transfers).contains("5480", "56a9", "5800", "5ac8"); // TMode, TPrescaler, TReload
    assertThat(transfers.get(transfers.size() - 1)).isEqualTo("2883"); // TxControlReg |= 0x03
  }
}
