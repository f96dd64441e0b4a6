package io.campusedge.drivers.display.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A board on the network, or on a serial-to-Ethernet adapter. */
final class TcpBoardLink implements BoardLink {
  private final String host;
  private final int port;
  private final int timeoutMs;
  private Socket socket;

  TcpBoardLink(String host, int port, Duration timeout) {
    this.host = host;
    this.port = port;
    this.timeoutMs = (int) Math.max(1, timeout.toMillis());
  }

  @Override
  public void open() throws IOException {
    if (socket != null) {
      return;
    }
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), timeoutMs);
      s.setSoTimeout(timeoutMs);
      s.setTcpNoDelay(true);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    socket = s;
  }

  @Override
  public boolean isOpen() {
    return socket != null;
  }

  @Override
  public InputStream in() {
    try {
      return socket.getInputStream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public OutputStream out() {
    try {
      return socket.getOutputStream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void discardPending() throws IOException {
    InputStream in = socket.getInputStream();
    int available = in.available();
    if (available > 0) {
      in.skipNBytes(available);
    }
  }

  @Override
  public String where() {
    return "TCP " + host + ":" + port;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // nothing left to release
      }
      socket = null;
    }
  }
}
