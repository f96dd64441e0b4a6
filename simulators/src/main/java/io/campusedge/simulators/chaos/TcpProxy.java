package io.campusedge.simulators.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between the agent and the broker that the test can break: {@link #cut()} drops every
 * open connection (as a NAT timeout or a pulled cable would, minus the silence) and {@link
 * #delay(long)} holds each chunk for a while in both directions. New connections are accepted all
 * the time.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile long delayMs;
  private volatile boolean running = true;
  private volatile boolean blocked;

  public TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String url() {
    return "tcp://127.0.0.1:" + server.getLocalPort();
  }

  /** Connections accepted so far: one more after each reconnect. */
  public int accepted() {
    return accepted.get();
  }

  public void delay(long millis) {
    delayMs = millis;
  }

  /**
   * The cable is pulled: open connections are cut and new ones closed at once until {@link
   * #unblock}.
   */
  public void block() {
    blocked = true;
    cut();
  }

  public void unblock() {
    blocked = false;
  }

  /** Closes every open connection in both directions. */
  public void cut() {
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  private void acceptLoop() {
    while (running) {
      try {
        Socket client = server.accept();
        if (blocked) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        open.add(client);
        open.add(upstream);
        accepted.incrementAndGet();
        pump(client, upstream, "up");
        pump(upstream, client, "down");
      } catch (IOException e) {
        // Broker not up (the agent retries) or the proxy is closing.
      }
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread thread = new Thread(() -> copy(from, to), "tcp-proxy-" + direction);
    thread.setDaemon(true);
    thread.start();
  }

  private void copy(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        long hold = delayMs;
        if (hold > 0) {
          // Simulated latency on the wire, not a test waiting for a condition.
          TimeUnit.MILLISECONDS.sleep(hold);
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // Cut or closed by a peer.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  @Override
  public void close() throws IOException {
    running = false;
    server.close();
    cut();
  }
}
