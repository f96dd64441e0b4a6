package io.campusedge.drivers.lab.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.lab.modbus.ModbusFailure.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a scripted server that answers each request with fixed bytes (or closes, or
 * stays silent), so each broken reply is tested with the bytes themselves.
 */
class ModbusTcpClientTest {
  private static final byte[] READ_ONE = ModbusCodec.readRequest(RegisterTable.HOLDING, 0, 1);
  private final LinkedBlockingQueue<String> script = new LinkedBlockingQueue<>();
  private ServerSocket server;
  private ModbusTcpClient client;

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  /** Each scripted answer: hex bytes to send, then "close", "keep" or "silent". */
  private void serve(String... answers) throws IOException {
    script.addAll(List.of(answers));
    server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                  InputStream in = s.getInputStream();
                  while (true) {
                    byte[] request = new byte[12];
                    if (in.readNBytes(request, 0, 12) < 12) {
                      break;
                    }
                    String[] answer = script.poll(1, TimeUnit.SECONDS).split("\\|");
                    if (answer[0].equals("silent")) {
                      Thread.sleep(400);
                      break;
                    }
                    // the transaction id of the request is echoed unless the script gives one
                    String bytes = answer[0].replace("TT", HexFormat.of().formatHex(request, 0, 2));
                    s.getOutputStream().write(hex(bytes));
                    s.getOutputStream().flush();
                    if (answer.length > 1 && answer[1].equals("close")) {
                      break;
                    }
                  }
                } catch (IOException | InterruptedException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    client =
        new ModbusTcpClient(
            new ModbusConfig(
                "hood", "127.0.0.1", server.getLocalPort(), 1, Duration.ofMillis(200), List.of()));
  }

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void wellFormedReplyAndExceptionKeepTheConnection() throws Exception {
    serve("TT 0000 0005 01 03 02 01F4", "TT 0000 0003 01 83 02");
    assertThat(ModbusCodec.registers(READ_ONE, client.exchange(READ_ONE))).containsExactly(500);
    byte[] reply = client.exchange(READ_ONE);
    assertThatThrownBy(() -> ModbusCodec.registers(READ_ONE, reply))
        .hasMessageContaining("exception 02 ILLEGAL DATA ADDRESS");
  }

  @Test
  void serverClosingInTheMiddleOfTheReplyIsClosedNotAValue() throws Exception {
    serve("TT 0000 0005 01 03 02|close");
    assertThatThrownBy(() -> client.exchange(READ_ONE))
        .isInstanceOfSatisfying(
            ModbusFailure.class, e -> assertThat(e.problem()).isEqualTo(Problem.CLOSED))
        .hasMessageContaining("in the middle of the reply (got 2 of 4 bytes)");
  }

  @Test
  void headerCutShortIsClosed() throws Exception {
    serve("TT 0000|close");
    assertThatThrownBy(() -> client.exchange(READ_ONE))
        .hasMessageContaining("in the middle of the reply header (got 4 of 7 bytes)");
  }

  @Test
  void malformedMbapHeaderIsRefusedAndTheNextRequestUsesAFreshConnection() throws Exception {
    serve("TT 0001 0005 01 03 02 01F4", "TT 0000 0005 01 03 02 0001");
    assertThatThrownBy(() -> client.exchange(READ_ONE))
        .isInstanceOfSatisfying(
            ModbusFailure.class, e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
        .hasMessageContaining("MBAP protocol id 0001");
    assertThat(ModbusCodec.registers(READ_ONE, client.exchange(READ_ONE))).containsExactly(1);
  }

  @Test
  void replyToAnotherTransactionIsMalformed() throws Exception {
    serve("7777 0000 0005 01 03 02 01F4");
    assertThatThrownBy(() -> client.exchange(READ_ONE))
        .hasMessageContaining("reply to transaction 30583 while waiting for 1");
  }

  @Test
  void silenceIsNoAnswerAfterTheTimeout() throws Exception {
    serve("silent");
    assertThatThrownBy(() -> client.exchange(READ_ONE))
        .isInstanceOfSatisfying(
            ModbusFailure.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.NO_ANSWER);
              assertThat(e.unreachable()).isTrue();
            })
        .hasMessageContaining("no reply header within 200ms");
  }

  @Test
  void keptConnectionClosedByTheServerIsRetriedOnceOnAFreshOne() throws Exception {
    // first reply then the server drops the connection (idle timeout); the next request is sent
    // on the dead connection, found closed before any reply byte, and sent again.
    serve("TT 0000 0005 01 03 02 0001|close", "TT 0000 0005 01 03 02 0002");
    assertThat(ModbusCodec.registers(READ_ONE, client.exchange(READ_ONE))).containsExactly(1);
    assertThat(ModbusCodec.registers(READ_ONE, client.exchange(READ_ONE))).containsExactly(2);
  }

  @Test
  void nobodyListeningIsUnreachable() throws Exception {
    // A bound socket that does not listen holds the port, so the connect is refused for sure.
    try (Socket holder = new Socket()) {
      holder.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      client =
          new ModbusTcpClient(
              new ModbusConfig(
                  "hood",
                  "127.0.0.1",
                  holder.getLocalPort(),
                  1,
                  Duration.ofMillis(200),
                  List.of()));
      assertThatThrownBy(() -> client.exchange(READ_ONE))
          .isInstanceOfSatisfying(
              ModbusFailure.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNREACHABLE))
          .hasMessageContaining("cannot connect");
    }
  }
}
