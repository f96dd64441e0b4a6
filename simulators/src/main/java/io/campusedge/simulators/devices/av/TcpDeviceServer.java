package io.campusedge.simulators.devices.av;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TCP side shared by the board simulators: accepts connections, serves each on its own thread,
 * can be stopped (every connection dropped, like a board losing power) and started again on the
 * same port, and holds the faults queued for the next replies.
 */
abstract class TcpDeviceServer implements AutoCloseable {
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Deque<BoardFault> faults = new ArrayDeque<>();
  private final AtomicInteger requests = new AtomicInteger();
  private ServerSocket server;
  private Thread acceptor;
  private volatile boolean running;

  /** Serves one connection until it closes. */
  protected abstract void serve(Socket client) throws IOException;

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
      serve(client);
    } catch (IOException e) {
      // the controller went away
    } finally {
      open.remove(client);
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
