package io.campusedge.simulators.devices.av;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Set;

/**
 * A Samsung display answering MDC frames over TCP (port 1515 on the real display): header 0xAA,
 * command, display id, data length, data, checksum = sum of the bytes after the header (low byte).
 * Get/set power (0x11), mute (0x13) and input source (0x14); an ack is {@code AA FF id 03 'A' cmd
 * value cs}, a nak {@code AA FF id 03 'N' cmd error cs}. Frames for another id are ignored, as on a
 * shared RS-232 daisy chain.
 */
public final class SamsungMdcSim extends TcpDeviceServer {
  private static final int HEADER = 0xAA;
  private static final Set<Integer> SETTABLE_INPUTS =
      Set.of(0x14, 0x18, 0x0C, 0x21, 0x23, 0x25, 0x31);

  private final int displayId;
  private int power = 0;
  private int input = 0x21;
  private int mute = 0;

  public SamsungMdcSim(int displayId) {
    this.displayId = displayId;
  }

  public synchronized void pressPower(boolean on) {
    power = on ? 1 : 0;
  }

  public synchronized int power() {
    return power;
  }

  public synchronized int input() {
    return input;
  }

  public synchronized int mute() {
    return mute;
  }

  @Override
  protected String name() {
    return "samsung-mdc-sim";
  }

  @Override
  protected void serve(InputStream in, OutputStream out) throws IOException {
    while (true) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      if (b != HEADER) {
        continue;
      }
      byte[] head = in.readNBytes(3);
      if (head.length < 3) {
        return;
      }
      byte[] rest = in.readNBytes((head[2] & 0xFF) + 1);
      if (rest.length < (head[2] & 0xFF) + 1) {
        return;
      }
      counted();
      byte[] frame = new byte[4 + rest.length];
      frame[0] = (byte) HEADER;
      System.arraycopy(head, 0, frame, 1, 3);
      System.arraycopy(rest, 0, frame, 4, rest.length);
      if ((frame[2] & 0xFF) != displayId
          || checksum(frame, frame.length - 1) != (frame[frame.length - 1] & 0xFF)) {
        continue; // not for us, or damaged: a real display stays silent
      }
      if (!reply(frame, out)) {
        return;
      }
    }
  }

  private boolean reply(byte[] request, OutputStream out) throws IOException {
    int command = request[1] & 0xFF;
    int length = request[3] & 0xFF;
    Integer data = length == 1 ? request[4] & 0xFF : null;
    var fault = nextFault();
    byte[] answer;
    if (fault.isPresent() && fault.get() == BoardFault.REFUSE) {
      answer = frame('N', command, 0x01);
    } else {
      answer = answer(command, data);
    }
    if (fault.isPresent()) {
      switch (fault.get()) {
        case SILENCE -> {
          return true;
        }
        case GARBAGE -> answer = new byte[] {0x13, 0x37, (byte) 0xAA, 0x00, 0x00, 0x00, 0x00, 0x00};
        case BAD_CHECKSUM -> answer[answer.length - 1] ^= 0x01;
        case CLOSE_MID_REPLY -> {
          out.write(Arrays.copyOf(answer, answer.length / 2));
          out.flush();
          return false;
        }
        default -> {}
      }
    }
    out.write(answer);
    out.flush();
    return true;
  }

  private synchronized byte[] answer(int command, Integer data) {
    switch (command) {
      case 0x11:
        if (data != null) {
          if (data > 1) {
            return frame('N', command, 0x02);
          }
          power = data;
        }
        return frame('A', command, power);
      case 0x13:
        if (power == 0) {
          return frame('N', command, 0x03);
        }
        if (data != null) {
          mute = data == 0 ? 0 : 1;
        }
        return frame('A', command, mute);
      case 0x14:
        if (power == 0) {
          return frame('N', command, 0x03);
        }
        if (data != null) {
          if (!SETTABLE_INPUTS.contains(data)) {
            return frame('N', command, 0x02);
          }
          input = data;
        }
        return frame('A', command, input);
      default:
        return frame('N', command, 0x01);
    }
  }

  private byte[] frame(char ackNak, int command, int value) {
    byte[] f = {
      (byte) HEADER,
      (byte) 0xFF,
      (byte) displayId,
      3,
      (byte) ackNak,
      (byte) command,
      (byte) value,
      0
    };
    f[7] = (byte) checksum(f, 7);
    return f;
  }

  private static int checksum(byte[] frame, int end) {
    int sum = 0;
    for (int i = 1; i < end; i++) {
      sum += frame[i] & 0xFF;
    }
    return sum & 0xFF;
  }
}
