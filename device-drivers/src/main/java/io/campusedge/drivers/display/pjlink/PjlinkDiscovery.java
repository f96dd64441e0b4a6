package io.campusedge.drivers.display.pjlink;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PJLink class 2 search: sends {@code %2SRCH} (usually to the broadcast address, UDP port 4352) and
 * collects the {@code %2ACKN=<MAC>} answers. The search is sent from the socket that listens for
 * the answers, so projectors answering to the sender's port and those answering to port 4352 (bind
 * {@code listenPort} 4352) are both heard. For the technician's scan.
 */
public final class PjlinkDiscovery {
  private PjlinkDiscovery() {}

  /** A projector that answered: its address and MAC. */
  public record Found(InetAddress address, String mac) {}

  public static List<Found> search(InetSocketAddress target, int listenPort, Duration wait)
      throws IOException {
    List<Found> found = new ArrayList<>();
    try (DatagramSocket socket = new DatagramSocket(null)) {
      socket.setReuseAddress(true);
      socket.setBroadcast(true);
      socket.bind(new InetSocketAddress(listenPort));
      byte[] search = PjlinkCodec.bytes("%2SRCH" + PjlinkCodec.CR);
      socket.send(new DatagramPacket(search, search.length, target));
      long deadline = System.nanoTime() + wait.toNanos();
      byte[] buffer = new byte[PjlinkCodec.MAX_LINE + 2];
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return found;
        }
        socket.setSoTimeout((int) left);
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
        } catch (SocketTimeoutException e) {
          return found;
        }
        String text =
            new String(
                packet.getData(),
                packet.getOffset(),
                packet.getLength(),
                StandardCharsets.US_ASCII);
        Optional<String> mac =
            PjlinkCodec.notice(text)
                .filter(n -> n.body().equals("ACKN"))
                .flatMap(n -> PjlinkCodec.mac(n.value()));
        if (mac.isPresent()
            && found.stream().noneMatch(f -> f.address().equals(packet.getAddress()))) {
          found.add(new Found(packet.getAddress(), mac.get()));
        }
      }
    }
  }
}
