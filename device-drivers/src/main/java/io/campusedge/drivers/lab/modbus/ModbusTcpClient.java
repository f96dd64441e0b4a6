package io.campusedge.drivers.lab.modbus;

import io.campusedge.drivers.lab.modbus.ModbusFailure.Problem;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Sends one Modbus request at a time over a kept TCP connection and returns the reply PDU. Any
 * failure other than a well-formed exception response closes the connection, so a late or partial
 * reply can never be taken for the answer to the next request; the next call connects again. A kept
 * connection found closed before the reply (server idle timeout, restart) is retried once on a
 * fresh one; every request here is a read or an idempotent single write.
 */
final class ModbusTcpClient implements AutoCloseable {
  private final ModbusConfig config;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private int transactionId;
  private boolean used;

  ModbusTcpClient(ModbusConfig config) {
    this.config = config;
  }

  /** Sends {@code pdu} to the configured unit and returns the reply PDU (not yet interpreted). */
  byte[] exchange(byte[] pdu) throws ModbusFailure {
    boolean reused = socket != null && used;
    try {
      return once(pdu);
    } catch (ModbusFailure e) {
      close();
      if (reused && e.problem() == Problem.CLOSED && e.beforeReply()) {
        try {
          return once(pdu);
        } catch (ModbusFailure again) {
          close();
          throw again;
        }
      }
      throw e;
    }
  }

  private byte[] once(byte[] pdu) throws ModbusFailure {
    if (socket == null) {
      connect();
    }
    transactionId = (transactionId + 1) & 0xFFFF;
    try {
      out.write(ModbusCodec.adu(transactionId, config.unitId(), pdu));
      out.flush();
    } catch (IOException e) {
      throw new ModbusFailure(
          Problem.CLOSED, where() + ": connection lost before sending (" + e + ")", 0, true);
    }
    used = true;
    byte[] header = new byte[ModbusCodec.MBAP_LENGTH];
    read(header, "reply header");
    int length;
    try {
      length = ModbusCodec.replyPduLength(header, transactionId, config.unitId());
    } catch (ModbusFailure e) {
      throw new ModbusFailure(e.problem(), where() + ": " + e.getMessage());
    }
    byte[] reply = new byte[length];
    read(reply, "reply");
    return reply;
  }

  private void read(byte[] into, String what) throws ModbusFailure {
    int got = 0;
    try {
      while (got < into.length) {
        int n = in.read(into, got, into.length - got);
        if (n < 0) {
          throw new EOFException();
        }
        got += n;
      }
    } catch (SocketTimeoutException e) {
      throw new ModbusFailure(
          Problem.NO_ANSWER,
          where()
              + ": no "
              + what
              + " within "
              + config.timeout().toMillis()
              + "ms"
              + (got == 0 ? "" : " (got " + got + " of " + into.length + " bytes)"));
    } catch (IOException e) {
      boolean nothing = got == 0 && what.equals("reply header");
      throw new ModbusFailure(
          Problem.CLOSED,
          where()
              + (nothing
                  ? ": connection closed before the reply"
                  : ": connection closed in the middle of the "
                      + what
                      + " (got "
                      + got
                      + " of "
                      + into.length
                      + " bytes)"),
          0,
          nothing);
    }
  }

  private void connect() throws ModbusFailure {
    Socket s = new Socket();
    int timeout = (int) Math.max(1, config.timeout().toMillis());
    try {
      s.connect(new InetSocketAddress(config.host(), config.port()), timeout);
      s.setSoTimeout(timeout);
      s.setTcpNoDelay(true);
      in = s.getInputStream();
      out = s.getOutputStream();
    } catch (SocketTimeoutException e) {
      quietlyClose(s);
      throw new ModbusFailure(
          Problem.UNREACHABLE,
          where()
              + ": no answer to connect within "
              + timeout
              + "ms (device off or network down?)");
    } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
      quietlyClose(s);
      throw new ModbusFailure(
          Problem.UNREACHABLE,
          where()
              + ": cannot connect ("
              + e.getMessage()
              + "; is Modbus TCP enabled on the device?)");
    } catch (IOException e) {
      quietlyClose(s);
      throw new ModbusFailure(Problem.UNREACHABLE, where() + ": cannot connect (" + e + ")");
    }
    socket = s;
    used = false;
  }

  String where() {
    return "Modbus " + config.host() + ":" + config.port() + " unit " + config.unitId();
  }

  @Override
  public void close() {
    if (socket != null) {
      quietlyClose(socket);
    }
    socket = null;
    in = null;
    out = null;
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
