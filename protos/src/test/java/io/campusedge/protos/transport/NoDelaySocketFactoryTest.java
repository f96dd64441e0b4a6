package io.campusedge.protos.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** Paho creates unconnected sockets and connects them; Nagle must already be off then. */
class NoDelaySocketFactoryTest {

  @Test
  void plainSocketsHaveTcpNoDelayBeforeAndAfterConnecting() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket socket = new NoDelaySocketFactory().createSocket()) {
      assertThat(socket.getTcpNoDelay()).isTrue();

      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));

      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void tlsSocketsHaveTcpNoDelay() throws Exception {
    NoDelaySslSocketFactory factory =
        new NoDelaySslSocketFactory(SSLContext.getDefault().getSocketFactory());

    try (Socket socket = factory.createSocket()) {
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }
}
