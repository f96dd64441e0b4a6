package io.campusedge.drivers.attendance.mfrc522;

import static io.campusedge.drivers.attendance.mfrc522.Mfrc522Registers.*;

import io.campusedge.drivers.attendance.mfrc522.Transceiver.Answer;
import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.SpiDevice;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/** The MFRC522 behind one SPI chip select: register access, initialisation and Transceive. */
final class Mfrc522 implements Transceiver {
  /** Four times the chip's own 5 ms timer, so a missing timer interrupt is noticed. */
  private static final long COMMAND_DEADLINE_NANOS = 20_000_000;

  /** Between ComIrqReg reads: keeps an empty poll from spinning on the SPI bus. */
  private static final long IRQ_POLL_NANOS = 100_000;

  private final SpiDevice spi;

  Mfrc522(SpiDevice spi) {
    this.spi = spi;
  }

  int read(int register) throws BusException {
    byte[] in = spi.transfer(new byte[] {readAddress(register), 0});
    return in[1] & 0xFF;
  }

  void write(int register, int value) throws BusException {
    spi.transfer(new byte[] {writeAddress(register), (byte) value});
  }

  int version() throws BusException {
    return read(VERSION);
  }

  /**
   * Soft reset, then the settings every Type A read needs: a 5 ms receive timeout (section 8.5:
   * TPrescaler 0xA9 gives 13.56 MHz / (2 * 169 + 1) = 40 kHz, 25 us per tick, reload 200 ticks; a
   * card answers REQA, ANTICOLLISION and SELECT within about 0.1 ms plus its frame, ISO/IEC 14443-3
   * frame delay time), 100 % ASK, CRC preset 0x6363, antenna drivers on.
   */
  void init() throws BusException {
    write(COMMAND, CMD_SOFT_RESET);
    long deadline = System.nanoTime() + COMMAND_DEADLINE_NANOS;
    while ((read(COMMAND) & POWER_DOWN) != 0) {
      if (System.nanoTime() > deadline) {
        throw new BusException("MFRC522 did not come out of soft reset within 20 ms");
      }
      Thread.onSpinWait();
    }
    write(T_MODE, 0x80); // TAuto: the timer starts at the end of each transmission
    write(T_PRESCALER, 0xA9);
    write(T_RELOAD_H, 0x00);
    write(T_RELOAD_L, 0xC8);
    write(TX_ASK, 0x40);
    write(MODE, 0x3D);
    write(TX_MODE, 0x00); // CRC is computed in software (Iso14443a.crcA)
    write(RX_MODE, 0x00);
    write(TX_CONTROL, read(TX_CONTROL) | ANTENNA_ON);
  }

  /** False after the chip lost power and came back with its reset defaults. */
  boolean initialised() throws BusException {
    return (read(TX_CONTROL) & ANTENNA_ON) == ANTENNA_ON && read(T_PRESCALER) == 0xA9;
  }

  @Override
  public Answer transceive(byte[] frame, int txLastBits) throws BusException {
    write(COMMAND, CMD_IDLE);
    write(COM_IRQ, IRQ_CLEAR_ALL);
    write(FIFO_LEVEL, FIFO_FLUSH);
    byte[] fifo = new byte[frame.length + 1];
    fifo[0] = writeAddress(FIFO_DATA);
    System.arraycopy(frame, 0, fifo, 1, frame.length);
    spi.transfer(fifo); // several data bytes to one address go into the FIFO (section 8.1.2.2)
    write(BIT_FRAMING, txLastBits & 0x07);
    write(COMMAND, CMD_TRANSCEIVE);
    write(BIT_FRAMING, START_SEND | (txLastBits & 0x07));
    int irq = awaitIrq();
    write(BIT_FRAMING, txLastBits & 0x07);
    write(COMMAND, CMD_IDLE);
    if (irq < 0) {
      throw new BusException(
          "MFRC522 did not finish Transceive within 20 ms (no interrupt; chip hung?)");
    }
    int error = read(ERROR);
    if ((error & ERR_COLLISION) != 0) {
      return Answer.of(Answer.Kind.COLLISION);
    }
    if ((error & (ERR_BUFFER_OVERFLOW | ERR_PARITY | ERR_PROTOCOL)) != 0) {
      return Answer.of(Answer.Kind.ERROR);
    }
    if ((irq & IRQ_RX) == 0) {
      return Answer.of(Answer.Kind.NO_ANSWER);
    }
    return new Answer(Answer.Kind.RECEIVED, readFifo(), read(CONTROL) & 0x07);
  }

  /** ComIrqReg once reception ended or the timer ran out; -1 when neither happened in time. */
  private int awaitIrq() throws BusException {
    long deadline = System.nanoTime() + COMMAND_DEADLINE_NANOS;
    while (true) {
      int irq = read(COM_IRQ);
      if ((irq & (IRQ_RX | IRQ_IDLE | IRQ_TIMER | IRQ_ERR)) != 0) {
        return irq;
      }
      if (System.nanoTime() > deadline) {
        return -1;
      }
      LockSupport.parkNanos(IRQ_POLL_NANOS);
    }
  }

  private byte[] readFifo() throws BusException {
    int level = read(FIFO_LEVEL) & 0x7F;
    if (level == 0) {
      return new byte[0];
    }
    // Read n bytes: send the address n times then 0x00; byte i+1 of the reply is read i (8.1.2.1).
    byte[] out = new byte[level + 1];
    Arrays.fill(out, 0, level, readAddress(FIFO_DATA));
    byte[] in = spi.transfer(out);
    return Arrays.copyOfRange(in, 1, level + 1);
  }
}
