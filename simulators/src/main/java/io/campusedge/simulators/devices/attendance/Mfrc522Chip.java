package io.campusedge.simulators.devices.attendance;

import io.campusedge.simulators.bus.SpiChip;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An NXP MFRC522 behind an SPI chip select, modelled at register level (datasheet rev. 3.9): SPI
 * address byte (8.1.2.3), register file with reset values (9.2/9.3), the 64-byte FIFO, CommandReg
 * with SoftReset/Idle/Transceive (10.3), ComIrqReg/ErrorReg/ControlReg/CollReg results, and an RF
 * field in which test code places and removes {@link VirtualCard}s. Faults can be injected.
 */
public final class Mfrc522Chip implements SpiChip {

  /** What can go wrong, as a technician would meet it. */
  public enum Fault {
    NONE,
    /** Unpowered or missing chip: MISO stays low, VersionReg reads 0x00. */
    NO_CHIP,
    /** Another card answers different UID bits at the same time. */
    COLLISION,
    /** The UID check byte arrives corrupted. */
    WRONG_BCC,
    /** The CRC_A of the SAK arrives corrupted. */
    WRONG_CRC,
    /** The card answers REQA but then goes silent (pulled away). */
    NO_ANSWER,
    /** The chip never finishes Transceive (no RxIRq, no TimerIRq). */
    STUCK
  }

  static final int COMMAND = 0x01;
  static final int COM_IRQ = 0x04;
  static final int ERROR = 0x06;
  static final int FIFO_DATA = 0x09;
  static final int FIFO_LEVEL = 0x0A;
  static final int CONTROL = 0x0C;
  static final int BIT_FRAMING = 0x0D;
  static final int COLL = 0x0E;
  static final int TX_CONTROL = 0x14;
  static final int VERSION = 0x37;
  static final int TRANSCEIVE = 0x0C;
  static final int SOFT_RESET = 0x0F;

  private final int[] registers = new int[64];
  private final ArrayDeque<Byte> fifo = new ArrayDeque<>();
  private final List<VirtualCard> field = new ArrayList<>();
  private final int version;
  private Fault fault = Fault.NONE;
  private int resets;

  /** A chip with VersionReg {@code 0x92} (version 2.0). */
  public Mfrc522Chip() {
    this(0x92);
  }

  public Mfrc522Chip(int version) {
    this.version = version;
    powerOn();
  }

  public synchronized void place(VirtualCard card) {
    card.state = VirtualCard.State.IDLE;
    card.level = 0;
    field.add(card);
  }

  public synchronized void remove(VirtualCard card) {
    field.remove(card);
  }

  /** Sets a fault; clearing {@link Fault#NO_CHIP} powers the chip up with its reset values. */
  public synchronized void fault(Fault fault) {
    if (this.fault == Fault.NO_CHIP && fault != Fault.NO_CHIP) {
      powerOn();
    }
    this.fault = fault;
  }

  /** Soft resets seen, so tests can see the driver re-initialise after a power loss. */
  public synchronized int resets() {
    return resets;
  }

  public synchronized boolean antennaOn() {
    return (registers[TX_CONTROL] & 0x03) == 0x03;
  }

  @Override
  public synchronized byte[] transfer(byte[] out) {
    byte[] in = new byte[out.length];
    if (fault == Fault.NO_CHIP || out.length == 0) {
      return in;
    }
    boolean read = (out[0] & 0x80) != 0;
    if (read) {
      // MOSI: address 0..n-1 then 00; MISO: X then data 0..n-1 (datasheet 8.1.2.1).
      for (int i = 0; i < out.length - 1; i++) {
        in[i + 1] = (byte) readRegister((out[i] >> 1) & 0x3F);
      }
    } else {
      // MOSI: address then data bytes, all written to that address (8.1.2.2).
      int register = (out[0] >> 1) & 0x3F;
      for (int i = 1; i < out.length; i++) {
        writeRegister(register, out[i] & 0xFF);
      }
    }
    return in;
  }

  private void powerOn() {
    Arrays.fill(registers, 0);
    registers[COMMAND] = 0x20;
    registers[COM_IRQ] = 0x14;
    registers[CONTROL] = 0x10;
    registers[COLL] = 0x80;
    registers[0x11] = 0x3F; // ModeReg
    registers[TX_CONTROL] = 0x80;
    registers[VERSION] = version;
    fifo.clear();
  }

  private int readRegister(int register) {
    return switch (register) {
      case FIFO_DATA -> fifo.isEmpty() ? 0 : fifo.poll() & 0xFF;
      case FIFO_LEVEL -> fifo.size();
      default -> registers[register];
    };
  }

  private void writeRegister(int register, int value) {
    switch (register) {
      case COMMAND -> command(value);
      case COM_IRQ -> {
        // Set1 (bit 7) decides whether the marked bits are set or cleared (9.3.1.5).
        if ((value & 0x80) != 0) {
          registers[COM_IRQ] |= value & 0x7F;
        } else {
          registers[COM_IRQ] &= ~value;
        }
      }
      case FIFO_LEVEL -> {
        if ((value & 0x80) != 0) {
          fifo.clear();
          registers[ERROR] &= ~0x10;
        }
      }
      case FIFO_DATA -> {
        if (fifo.size() < 64) {
          fifo.add((byte) value);
        } else {
          registers[ERROR] |= 0x10; // BufferOvfl
        }
      }
      case BIT_FRAMING -> {
        registers[BIT_FRAMING] = value;
        if ((value & 0x80) != 0 && (registers[COMMAND] & 0x0F) == TRANSCEIVE) {
          transmit(value & 0x07);
        }
      }
      case VERSION, ERROR -> {
        // read-only
      }
      default -> registers[register] = value;
    }
  }

  private void command(int value) {
    if ((value & 0x0F) == SOFT_RESET) {
      resets++;
      powerOn();
      return;
    }
    registers[COMMAND] = (registers[COMMAND] & 0x20) | (value & 0x1F);
  }

  private void transmit(int txLastBits) {
    byte[] frame = new byte[fifo.size()];
    for (int i = 0; i < frame.length; i++) {
      frame[i] = fifo.poll();
    }
    registers[ERROR] = 0;
    registers[COM_IRQ] |= 0x40; // TxIRq
    if (fault == Fault.STUCK) {
      return;
    }
    Optional<Reply> reply = antennaOn() ? cardsAnswer(frame, txLastBits) : Optional.empty();
    if (reply.isEmpty()) {
      registers[COM_IRQ] |= 0x01; // TimerIRq: nobody answered within the timeout
      return;
    }
    for (byte b : reply.get().bytes()) {
      fifo.add(b);
    }
    registers[CONTROL] &= ~0x07; // RxLastBits 0: whole bytes
    registers[COM_IRQ] |= 0x20; // RxIRq
    if (reply.get().collisionAtBit() > 0) {
      registers[ERROR] |= 0x08; // CollErr
      registers[COM_IRQ] |= 0x02; // ErrIRq
      registers[COLL] = reply.get().collisionAtBit() & 0x1F;
    }
  }

  private record Reply(byte[] bytes, int collisionAtBit) {
    static Optional<Reply> of(byte[] bytes) {
      return Optional.of(new Reply(bytes, 0));
    }
  }

  /** ISO/IEC 14443-3 clause 6 from the cards' side. */
  private Optional<Reply> cardsAnswer(byte[] frame, int txLastBits) {
    if (frame.length == 1 && txLastBits == 7 && (frame[0] == 0x26 || frame[0] == 0x52)) {
      return request(frame[0] == 0x52);
    }
    if (frame.length == 2 && frame[1] == 0x20 && selLevel(frame[0]) >= 0) {
      return anticollision(selLevel(frame[0]));
    }
    if (frame.length == 9 && frame[1] == 0x70 && selLevel(frame[0]) >= 0) {
      return select(selLevel(frame[0]), frame);
    }
    if (frame.length == 4 && frame[0] == 0x50 && frame[1] == 0x00 && crcOk(frame)) {
      field.stream()
          .filter(card -> card.state == VirtualCard.State.ACTIVE)
          .forEach(card -> card.state = VirtualCard.State.HALT);
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static int selLevel(byte sel) {
    return switch (sel & 0xFF) {
      case 0x93 -> 0;
      case 0x95 -> 1;
      case 0x97 -> 2;
      default -> -1;
    };
  }

  private Optional<Reply> request(boolean wakeUp) {
    List<VirtualCard> answering = new ArrayList<>();
    for (VirtualCard card : field) {
      boolean listens =
          card.state == VirtualCard.State.IDLE
              || card.state == VirtualCard.State.READY
              || (wakeUp && card.state == VirtualCard.State.HALT);
      if (listens) {
        card.state = VirtualCard.State.READY;
        card.level = 0;
        answering.add(card);
      } else if (card.state == VirtualCard.State.ACTIVE) {
        card.state = VirtualCard.State.IDLE; // unexpected command in ACTIVE
      }
    }
    if (answering.isEmpty()) {
      return Optional.empty();
    }
    return Reply.of(answering.get(0).atqa());
  }

  private Optional<Reply> anticollision(int level) {
    List<VirtualCard> answering =
        field.stream()
            .filter(card -> card.state == VirtualCard.State.READY && card.level == level)
            .toList();
    if (answering.isEmpty() || fault == Fault.NO_ANSWER) {
      return Optional.empty();
    }
    byte[] bytes = answering.get(0).levelBytes(level);
    byte[] reply = Arrays.copyOf(bytes, 5);
    reply[4] = (byte) (bytes[0] ^ bytes[1] ^ bytes[2] ^ bytes[3]);
    if (fault == Fault.WRONG_BCC) {
      reply[4] ^= (byte) 0x5A;
    }
    int collision = fault == Fault.COLLISION ? 1 : 0;
    for (VirtualCard other : answering.subList(1, answering.size())) {
      int bit = firstDifferentBit(bytes, other.levelBytes(level));
      if (bit > 0) {
        collision = collision == 0 ? bit : Math.min(collision, bit);
      }
    }
    return Optional.of(new Reply(reply, collision));
  }

  private static int firstDifferentBit(byte[] a, byte[] b) {
    for (int i = 0; i < 32; i++) {
      int mask = 1 << (i % 8);
      if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
        return i + 1; // CollPos counts from 1 (LSB of the first byte)
      }
    }
    return 0;
  }

  private Optional<Reply> select(int level, byte[] frame) {
    if (!crcOk(frame)) {
      return Optional.empty(); // a card ignores a frame with a bad CRC
    }
    for (VirtualCard card : field) {
      if (card.state != VirtualCard.State.READY || card.level != level) {
        continue;
      }
      if (!Arrays.equals(card.levelBytes(level), Arrays.copyOfRange(frame, 2, 6))) {
        card.state = VirtualCard.State.IDLE; // not selected: back to IDLE
        continue;
      }
      int sak = card.sak(level);
      if ((sak & 0x04) != 0) {
        card.level++;
      } else {
        card.state = VirtualCard.State.ACTIVE;
      }
      byte[] reply = withCrc(new byte[] {(byte) sak});
      if (fault == Fault.WRONG_CRC) {
        reply[1] ^= (byte) 0x01;
      }
      return Reply.of(reply);
    }
    return Optional.empty();
  }

  /**
   * CRC_A (ISO/IEC 14443-3 Annex B), written the byte-wise way the annex shows, independently of
   * the driver's bit-wise version so each checks the other.
   */
  static int crcA(byte[] data, int length) {
    int crc = 0x6363;
    for (int i = 0; i < length; i++) {
      int ch = (data[i] ^ crc) & 0xFF;
      ch = (ch ^ (ch << 4)) & 0xFF;
      crc = ((crc >> 8) ^ (ch << 8) ^ (ch << 3) ^ (ch >> 4)) & 0xFFFF;
    }
    return crc;
  }

  static byte[] withCrc(byte[] frame) {
    byte[] out = Arrays.copyOf(frame, frame.length + 2);
    int crc = crcA(frame, frame.length);
    out[frame.length] = (byte) crc;
    out[frame.length + 1] = (byte) (crc >> 8);
    return out;
  }

  private static boolean crcOk(byte[] frame) {
    int crc = crcA(frame, frame.length - 2);
    return frame[frame.length - 2] == (byte) crc && frame[frame.length - 1] == (byte) (crc >> 8);
  }
}
