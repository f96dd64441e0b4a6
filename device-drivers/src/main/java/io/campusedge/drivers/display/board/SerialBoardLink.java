package io.campusedge.drivers.display.board;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A board on an RS-232 port (a USB serial adapter on the gateway), through jSerialComm. Reads block
 * up to the timeout and then throw jSerialComm's timeout exception, an {@link
 * java.io.InterruptedIOException}.
 */
final class SerialBoardLink implements BoardLink {
  private final String portName;
  private final BoardProfile.SerialDefaults line;
  private final int timeoutMs;
  private SerialPort port;

  SerialBoardLink(String portName, BoardProfile.SerialDefaults line, Duration timeout) {
    this.portName = portName;
    this.line = line;
    this.timeoutMs = (int) Math.max(1, timeout.toMillis());
  }

  @Override
  public void open() throws IOException {
    if (port != null) {
      return;
    }
    SerialPort p = SerialPort.getCommPort(portName);
    p.setComPortParameters(line.baud(), line.dataBits(), stopBits(), parity());
    p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
    p.setComPortTimeouts(
        SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
        timeoutMs,
        timeoutMs);
    if (!p.openPort()) {
      throw new IOException(
          "cannot open serial port "
              + portName
              + " (error "
              + p.getLastErrorCode()
              + "; is the USB adapter plugged in and the agent's user in group dialout?)");
    }
    port = p;
  }

  private int stopBits() {
    return line.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
  }

  private int parity() {
    return switch (line.parity()) {
      case "even" -> SerialPort.EVEN_PARITY;
      case "odd" -> SerialPort.ODD_PARITY;
      default -> SerialPort.NO_PARITY;
    };
  }

  @Override
  public boolean isOpen() {
    return port != null;
  }

  @Override
  public InputStream in() {
    return port.getInputStream();
  }

  @Override
  public OutputStream out() {
    return port.getOutputStream();
  }

  @Override
  public void discardPending() {
    port.flushIOBuffers();
  }

  @Override
  public String where() {
    return "serial " + portName + " " + line.baud() + " baud";
  }

  @Override
  public void close() {
    if (port != null) {
      port.closePort();
      port = null;
    }
  }
}
