package io.campusedge.drivers.display.pjlink;

import io.campusedge.drivers.display.pjlink.PjlinkCodec.Greeting;
import io.campusedge.drivers.display.pjlink.PjlinkCodec.Reply;
import io.campusedge.drivers.display.pjlink.PjlinkException.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Sends PJLink commands over TCP, one at a time. Opens the connection when needed, answers the
 * security challenge in front of the first command, and either keeps the connection (the projector
 * closes it after 30 s idle; a connection found closed is opened again once) or closes it after
 * every command for projectors that accept only one command per connection.
 */
final class PjlinkClient implements AutoCloseable {
  private final PjlinkConfig config;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private String authPrefix = "";
  private boolean used;

  PjlinkClient(PjlinkConfig config) {
    this.config = config;
  }

  /** Sends {@code %<class><body> <parameter>} and returns the projector's reply. */
  Reply send(int pjlinkClass, String body, String parameter) throws PjlinkException {
    String command = PjlinkCodec.command(pjlinkClass, body, parameter);
    boolean reused = socket != null && used;
    try {
      return exchange(command, body);
    } catch (PjlinkException e) {
      close();
      // A kept connection may have been closed by the projector's idle timeout; try a fresh one.
      if (reused && e.problem() == Problem.CLOSED && e.beforeReply()) {
        return exchangeFresh(command, body);
      }
      throw e;
    } finally {
      if (!config.persistent()) {
        close();
      }
    }
  }

  private Reply exchangeFresh(String command, String body) throws PjlinkException {
    try {
      return exchange(command, body);
    } catch (PjlinkException e) {
      close();
      throw e;
    }
  }

  private Reply exchange(String command, String body) throws PjlinkException {
    if (socket == null) {
      connect();
    }
    try {
      out.write(PjlinkCodec.bytes(authPrefix + command));
      out.flush();
    } catch (IOException e) {
      throw new PjlinkException(
          Problem.CLOSED,
          where() + ": connection lost before sending (" + e.getMessage() + ")",
          true);
    }
    authPrefix = "";
    used = true;
    String line = readLine("reply to " + body);
    Optional<Reply> reply = PjlinkCodec.reply(line, body);
    if (reply.isEmpty()) {
      throw new PjlinkException(
          Problem.MALFORMED,
          where() + ": malformed reply to " + body + ": '" + PjlinkCodec.printable(line) + "'");
    }
    if (reply.get() instanceof Reply.Failed f && f.error() == PjlinkError.ERRA) {
      throw new PjlinkException(Problem.AUTH, where() + ": " + PjlinkError.ERRA.describe());
    }
    return reply.get();
  }

  private void connect() throws PjlinkException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(config.host(), config.port()), timeoutMs());
      s.setSoTimeout(timeoutMs());
      s.setTcpNoDelay(true);
    } catch (SocketTimeoutException e) {
      quietlyClose(s);
      throw new PjlinkException(
          Problem.UNREACHABLE,
          where()
              + ": no answer to connect within "
              + timeoutMs()
              + "ms (projector unplugged or network down?)");
    } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
      quietlyClose(s);
      throw new PjlinkException(
          Problem.UNREACHABLE,
          where()
              + ": cannot connect ("
              + e.getMessage()
              + "; is the projector on the network with PJLink/network standby enabled?)");
    } catch (IOException e) {
      quietlyClose(s);
      throw new PjlinkException(Problem.UNREACHABLE, where() + ": cannot connect (" + e + ")");
    }
    socket = s;
    used = false;
    try {
      in = s.getInputStream();
      out = s.getOutputStream();
    } catch (IOException e) {
      close();
      throw new PjlinkException(Problem.UNREACHABLE, where() + ": " + e.getMessage());
    }
    String line = readLine("greeting");
    Optional<Greeting> greeting = PjlinkCodec.greeting(line);
    if (greeting.isEmpty()) {
      close();
      throw new PjlinkException(
          Problem.MALFORMED,
          where()
              + ": not a PJLink greeting: '"
              + PjlinkCodec.printable(line)
              + "' (is this port a PJLink projector?)");
    }
    Greeting g = greeting.get();
    if (g instanceof Greeting.Refused) {
      close();
      throw new PjlinkException(
          Problem.AUTH, where() + ": projector refused the connection (PJLINK ERRA)");
    }
    if (g instanceof Greeting.Challenge challenge) {
      if (config.password().isEmpty()) {
        close();
        throw new PjlinkException(
            Problem.AUTH,
            where()
                + ": projector requires a PJLink password; set params.password or params.passwordFile");
      }
      authPrefix = PjlinkAuth.digest(challenge.random(), config.password().get());
    } else {
      authPrefix = "";
    }
  }

  /** Reads up to CR; LF is ignored. A line longer than the protocol allows is malformed. */
  private String readLine(String what) throws PjlinkException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new PjlinkException(
              Problem.CLOSED,
              line.size() == 0
                  ? where() + ": connection closed before the " + what
                  : where()
                      + ": connection closed in the middle of the "
                      + what
                      + " after '"
                      + PjlinkCodec.printable(line.toString(StandardCharsets.ISO_8859_1))
                      + "'",
              line.size() == 0);
        }
        if (b == PjlinkCodec.CR) {
          return line.toString(StandardCharsets.ISO_8859_1);
        }
        if (b != '\n') {
          line.write(b);
        }
        if (line.size() > PjlinkCodec.MAX_LINE) {
          throw new PjlinkException(
              Problem.MALFORMED,
              where()
                  + ": "
                  + what
                  + " longer than "
                  + PjlinkCodec.MAX_LINE
                  + " bytes without CR: '"
                  + PjlinkCodec.printable(line.toString(StandardCharsets.ISO_8859_1))
                  + "'");
        }
      }
    } catch (SocketTimeoutException e) {
      throw new PjlinkException(
          Problem.NO_ANSWER,
          where()
              + ": no "
              + what
              + " within "
              + timeoutMs()
              + "ms"
              + (line.size() == 0
                  ? ""
                  : " (got only '"
                      + PjlinkCodec.printable(line.toString(StandardCharsets.ISO_8859_1))
                      + "')"));
    } catch (IOException e) {
      throw new PjlinkException(
          Problem.CLOSED,
          where()
              + ": connection lost "
              + (line.size() == 0 ? "before the " : "in the middle of the ")
              + what
              + " ("
              + e.getMessage()
              + ")",
          line.size() == 0);
    }
  }

  private int timeoutMs() {
    return (int) Math.max(1, config.timeout().toMillis());
  }

  private String where() {
    return "PJLink " + config.host() + ":" + config.port();
  }

  @Override
  public void close() {
    if (socket != null) {
      quietlyClose(socket);
    }
    socket = null;
    in = null;
    out = null;
    authPrefix = "";
    used = false;
  }

  private static void quietlyClose(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
