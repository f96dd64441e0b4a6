package io.campusedge.drivers.display.pjlink;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives PJLink class 2 status notifications (POWR, ERST, INPT, AVMT, LKUP datagrams a projector
 * sends to UDP port 4352 of its controller). Every projector of a gateway notifies the same port,
 * so one socket per port is shared and datagrams are handed to the subscriber for their source
 * address.
 */
final class PjlinkNotifications {
  private static final Logger log = LoggerFactory.getLogger(PjlinkNotifications.class);
  private static final Map<Integer, PjlinkNotifications> BY_PORT = new HashMap<>();

  private final int port;
  private final DatagramSocket socket;
  private final Map<InetAddress, Consumer<PjlinkCodec.Notice>> subscribers =
      new ConcurrentHashMap<>();
  private final Thread thread;

  private PjlinkNotifications(int port) throws SocketException {
    this.port = port;
    this.socket = new DatagramSocket(null);
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(port));
    this.thread = new Thread(this::receive, "pjlink-notify-" + port);
    thread.setDaemon(true);
    thread.start();
  }

  /** Subscribes to notices from {@code projector}; close the handle to stop. */
  static synchronized AutoCloseable subscribe(
      int port, InetAddress projector, Consumer<PjlinkCodec.Notice> subscriber)
      throws SocketException {
    PjlinkNotifications listener = BY_PORT.get(port);
    if (listener == null) {
      listener = new PjlinkNotifications(port);
      BY_PORT.put(port, listener);
    }
    PjlinkNotifications l = listener;
    l.subscribers.put(projector, subscriber);
    return () -> unsubscribe(l, projector);
  }

  private static synchronized void unsubscribe(PjlinkNotifications l, InetAddress projector) {
    l.subscribers.remove(projector);
    if (l.subscribers.isEmpty()) {
      BY_PORT.remove(l.port);
      l.socket.close();
    }
  }

  private void receive() {
    byte[] buffer = new byte[PjlinkCodec.MAX_LINE + 2];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        return;
      }
      String text =
          new String(
              packet.getData(), packet.getOffset(), packet.getLength(), StandardCharsets.US_ASCII);
      Consumer<PjlinkCodec.Notice> subscriber = subscribers.get(packet.getAddress());
      Optional<PjlinkCodec.Notice> notice = PjlinkCodec.notice(text);
      if (subscriber == null || notice.isEmpty()) {
        log.debug("UDP {}: ignored datagram from {}", port, packet.getAddress());
        continue;
      }
      subscriber.accept(notice.get());
    }
  }
}
