package io.campusedge.simulators.devices.av;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TCP (or serial) side shared by the board simulators: accepts connections, serves each on its
 * own thread, can be stopped (every connection dropped, like a board losing power) and started
 * again on the same port, and holds the faults queued for the next replies.
 */
abstract class TcpDeviceServer implements AutoCloseable {
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final List<Closeable> lines = new CopyOnWriteArrayList<>();
  private final Deque<BoardFault> faults = new ArrayDeque<>();
  private final AtomicInteger requests = new AtomicInteger();
  private ServerSocket server;
  private Thread acceptor;
  private volatile boolean running;

  /**
   * Serves one connection (a TCP client or a serial line) until it closes; returning early means
   * "drop the connection", which on a serial line only ends the current exchange.
   */
  protected abstract void serve(InputStream in, OutputStream out) throws IOException;

  protected abstract String name();

  public synchronized TcpDeviceServer start(int port) throws IOException {
    return listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  public synchronized TcpDeviceServer startOnAllInterfaces(int port) throws IOException {
    return listen(new InetSocketAddress(port));
  }

  private TcpDeviceServer listen(InetSocketAddress address) throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(address);
    running = true;
    ServerSocket s = server;
    Thread acceptor =
        new Thread(
            () -> {
              while (running && !s.isClosed()) {
                try {
                  Socket client = s.accept();
                  if (!running) {
                    // Accepted while stopping: a board without power answers nothing.
                    client.close();
                    return;
                  }
                  open.add(client);
                  Thread t = new Thread(() -> run(client), name() + "-conn");
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            name() + "-" + s.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    this.acceptor = acceptor;
    return this;
  }

  private void run(Socket client) {
    try (client) {
      serve(client.getInputStream(), client.getOutputStream());
    } catch (IOException e) {
      // the controller went away
    } finally {
      open.remove(client);
    }
  }

  /**
   * Serves the board on a serial device instead of (or beside) TCP: a USB serial adapter, or one
   * end of a {@code socat pty,raw,echo=0 pty,raw,echo=0} pair in tests. The device must already be
   * raw (socat's {@code raw,echo=0}; {@code stty -F <dev> raw -echo 9600} for a real port; the baud
   * rate only matters on real wires). Runs until the line ends (the pty pair goes away) or {@link
   * #stop()}; a fault that "closes the connection" only cuts that reply short, as a serial line
   * cannot be closed by the board.
   */
  public synchronized void serveSerial(Path device) throws IOException {
    FileInputStream in = new FileInputStream(device.toFile());
    FileOutputStream out = new FileOutputStream(device.toFile());
    running = true;
    lines.add(in);
    lines.add(out);
    Thread t =
        new Thread(
            () -> {
              EofWatch watched = new EofWatch(in);
              try (in;
                  out) {
                while (running && !watched.ended) {
                  serve(watched, out);
                }
              } catch (IOException e) {
                // the line went away (the pty pair was closed)
              } finally {
                lines.remove(in);
                lines.remove(out);
              }
            },
            name() + "-serial");
    t.setDaemon(true);
    t.start();
  }

  /** Remembers that the line reached its end, so the serial loop stops instead of spinning. */
  private static final class EofWatch extends FilterInputStream {
    volatile boolean ended;

    EofWatch(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      ended |= b < 0;
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      ended |= n < 0;
      return n;
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  public boolean running() {
    return running;
  }

  /** Stops listening and drops every connection. */
  public synchronized void stop() {
    running = false;
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
    awaitAcceptorEnd(acceptor);
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }
    open.clear();
    for (Closeable line : lines) {
      try {
        line.close();
      } catch (IOException e) {
        // already closed
      }
    }
    lines.clear();
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Waits until the accept thread has noticed the closed socket, so no connection that raced the
   * close is served after {@link #stop()} returns.
   */
  static void awaitAcceptorEnd(Thread acceptor) {
    if (acceptor == null) {
      return;
    }
    try {
      acceptor.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public synchronized void fault(BoardFault fault) {
    faults.add(fault);
  }

  protected synchronized Optional<BoardFault> nextFault() {
    return Optional.ofNullable(faults.poll());
  }

  protected void counted() {
    requests.incrementAndGet();
  }

  /** Requests received (well-formed or not). */
  public int requestCount() {
    return requests.get();
  }
}
