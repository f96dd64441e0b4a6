package io.campusedge.simulators.devices.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Modbus TCP server written from the Modbus Application Protocol Specification V1.1b3 and the
 * Modbus Messaging on TCP/IP Implementation Guide V1.0b, independently of the driver. It holds
 * coils, discrete inputs, holding and input registers at the addresses a device defines; reading an
 * address it does not have answers exception 02. Functions 01-06 and 16 are served, others answer
 * 01. It can be stopped (every connection dropped, like a power cut) and started again on the same
 * port, and it holds the {@link ModbusFault}s queued for the next requests.
 */
public class ModbusServerSim implements AutoCloseable {
  /** MBAP header length: transaction id, protocol id, length, unit id (TCP guide 3.1.3). */
  private static final int MBAP = 7;

  private final int unitId;
  private final Map<Integer, Boolean> coils = new TreeMap<>();
  private final Map<Integer, Boolean> discretes = new TreeMap<>();
  private final Map<Integer, Integer> holding = new TreeMap<>();
  private final Map<Integer, Integer> inputs = new TreeMap<>();
  private final Deque<ModbusFault> faults = new ArrayDeque<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private ServerSocket server;
  private Thread acceptor;
  private volatile boolean running;

  /** {@code unitId}: the unit this device answers; requests for another get exception 0B. */
  public ModbusServerSim(int unitId) {
    this.unitId = unitId;
  }

  // --- the data tables ------------------------------------------------------------------------

  public synchronized void coil(int address, boolean on) {
    coils.put(address, on);
  }

  public synchronized void discrete(int address, boolean on) {
    discretes.put(address, on);
  }

  public synchronized void holding(int address, int word) {
    holding.put(address, word & 0xFFFF);
  }

  public synchronized void input(int address, int word) {
    inputs.put(address, word & 0xFFFF);
  }

  public synchronized Optional<Boolean> coil(int address) {
    return Optional.ofNullable(coils.get(address));
  }

  public synchronized Optional<Integer> holding(int address) {
    return Optional.ofNullable(holding.get(address));
  }

  /** A float32 in two input or holding registers, high word first when {@code bigWordOrder}. */
  private synchronized void float32(
      Map<Integer, Integer> table, int address, float value, boolean bigWordOrder) {
    int bits = Float.floatToIntBits(value);
    int high = bits >>> 16;
    int low = bits & 0xFFFF;
    table.put(address, bigWordOrder ? high : low);
    table.put(address + 1, bigWordOrder ? low : high);
  }

  public synchronized void inputFloat32(int address, float value, boolean bigWordOrder) {
    float32(inputs, address, value, bigWordOrder);
  }

  /**
   * Whether a write of {@code word} to holding register {@code address} is accepted; a device
   * refuses values outside its range with exception 03.
   */
  protected boolean accepts(int address, int word) {
    return true;
  }

  /** Called after a coil or holding register was written, so a device can react. */
  protected void written() {}

  // --- faults ---------------------------------------------------------------------------------

  public synchronized void fault(ModbusFault fault) {
    faults.add(fault);
  }

  private synchronized Optional<ModbusFault> nextFault() {
    return Optional.ofNullable(faults.poll());
  }

  /** Requests received, well-formed or not. */
  public int requestCount() {
    return requests.get();
  }

  // --- TCP ------------------------------------------------------------------------------------

  /** Listens on loopback; {@code port} 0 picks a free one. */
  public synchronized ModbusServerSim start(int port) throws IOException {
    return listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  public synchronized ModbusServerSim startOnAllInterfaces(int port) throws IOException {
    return listen(new InetSocketAddress(port));
  }

  private ModbusServerSim listen(InetSocketAddress address) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(address);
    server = s;
    running = true;
    acceptor =
        new Thread(
            () -> {
              while (running && !s.isClosed()) {
                try {
                  Socket client = s.accept();
                  if (!running) {
                    client.close();
                    return;
                  }
                  open.add(client);
                  Thread t = new Thread(() -> run(client), "modbus-sim-conn");
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "modbus-sim-" + s.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return this;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Stops listening and drops every connection (the device lost power). */
  public synchronized void stop() {
    running = false;
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
    if (acceptor != null) {
      try {
        acceptor.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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

  private void run(Socket client) {
    try (client) {
      serve(client.getInputStream(), client.getOutputStream());
    } catch (IOException e) {
      // the client went away
    } finally {
      open.remove(client);
    }
  }

  private void serve(InputStream in, OutputStream out) throws IOException {
    while (true) {
      byte[] header = in.readNBytes(MBAP);
      if (header.length < MBAP) {
        return;
      }
      int protocol = word(header, 2);
      int length = word(header, 4);
      // TCP guide 4.4.1.2: an MBAP header that is not Modbus is not answered; the link is closed.
      if (protocol != 0 || length < 2 || length > 254) {
        requests.incrementAndGet();
        return;
      }
      byte[] pdu = in.readNBytes(length - 1);
      if (pdu.length < length - 1) {
        return;
      }
      requests.incrementAndGet();
      Optional<ModbusFault> fault = nextFault();
      if (fault.isPresent() && !apply(fault.get(), header, pdu, out)) {
        return;
      }
      if (fault.isEmpty()) {
        int unit = header[6] & 0xFF;
        byte[] reply = unit == unitId ? answer(pdu) : exception(pdu[0], 0x0B);
        send(out, frame(header, 0, reply));
      }
    }
  }

  /** Applies a fault; false when the connection is to be closed. */
  private boolean apply(ModbusFault fault, byte[] header, byte[] pdu, OutputStream out)
      throws IOException {
    if (fault instanceof ModbusFault.ExceptionReply e) {
      send(out, frame(header, 0, exception(pdu[0], e.code())));
    } else if (fault instanceof ModbusFault.CloseMidReply) {
      byte[] whole = frame(header, 0, answer(pdu));
      send(out, Arrays.copyOf(whole, whole.length / 2));
      return false;
    } else if (fault instanceof ModbusFault.MalformedHeader) {
      send(out, frame(header, 0x0001, answer(pdu)));
    } else if (fault instanceof ModbusFault.RawPdu r) {
      send(out, frame(header, 0, r.pdu()));
    } else if (fault instanceof ModbusFault.CloseBeforeReply) {
      return false;
    }
    // Silence: the request is read and never answered.
    return true;
  }

  private static void send(OutputStream out, byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  private static byte[] frame(byte[] requestHeader, int protocol, byte[] pdu) {
    byte[] adu = new byte[MBAP + pdu.length];
    adu[0] = requestHeader[0];
    adu[1] = requestHeader[1];
    adu[2] = (byte) (protocol >> 8);
    adu[3] = (byte) protocol;
    adu[4] = (byte) ((pdu.length + 1) >> 8);
    adu[5] = (byte) (pdu.length + 1);
    adu[6] = requestHeader[6];
    System.arraycopy(pdu, 0, adu, MBAP, pdu.length);
    return adu;
  }

  private static byte[] exception(byte function, int code) {
    return new byte[] {(byte) (function | 0x80), (byte) code};
  }

  /** The reply PDU to a request PDU (spec section 6). */
  private synchronized byte[] answer(byte[] pdu) {
    byte function = pdu[0];
    if (pdu.length < 5) {
      return exception(function, 0x03);
    }
    int address = word(pdu, 1);
    int quantity = word(pdu, 3);
    return switch (function) {
      case 0x01 -> readBits(function, coils, address, quantity);
      case 0x02 -> readBits(function, discretes, address, quantity);
      case 0x03 -> readRegisters(function, holding, address, quantity);
      case 0x04 -> readRegisters(function, inputs, address, quantity);
      case 0x05 -> writeCoil(pdu, address, quantity);
      case 0x06 -> writeRegisters(pdu, address, new int[] {quantity});
      case 0x10 -> writeMultiple(pdu, address, quantity);
      default -> exception(function, 0x01);
    };
  }

  private static byte[] readBits(
      byte function, Map<Integer, Boolean> table, int address, int quantity) {
    if (quantity < 1 || quantity > 2000) {
      return exception(function, 0x03);
    }
    byte[] reply = new byte[2 + (quantity + 7) / 8];
    reply[0] = function;
    reply[1] = (byte) ((quantity + 7) / 8);
    for (int i = 0; i < quantity; i++) {
      Boolean bit = table.get(address + i);
      if (bit == null) {
        return exception(function, 0x02);
      }
      if (bit) {
        reply[2 + i / 8] |= (byte) (1 << (i % 8));
      }
    }
    return reply;
  }

  private static byte[] readRegisters(
      byte function, Map<Integer, Integer> table, int address, int quantity) {
    if (quantity < 1 || quantity > 125) {
      return exception(function, 0x03);
    }
    byte[] reply = new byte[2 + 2 * quantity];
    reply[0] = function;
    reply[1] = (byte) (2 * quantity);
    for (int i = 0; i < quantity; i++) {
      Integer w = table.get(address + i);
      if (w == null) {
        return exception(function, 0x02);
      }
      reply[2 + 2 * i] = (byte) (w >> 8);
      reply[3 + 2 * i] = (byte) (int) w;
    }
    return reply;
  }

  private byte[] writeCoil(byte[] pdu, int address, int value) {
    if (value != 0xFF00 && value != 0x0000) {
      return exception(pdu[0], 0x03);
    }
    if (!coils.containsKey(address)) {
      return exception(pdu[0], 0x02);
    }
    coils.put(address, value == 0xFF00);
    written();
    return Arrays.copyOf(pdu, 5);
  }

  private byte[] writeMultiple(byte[] pdu, int address, int quantity) {
    if (quantity < 1 || quantity > 123 || pdu.length != 6 + 2 * quantity) {
      return exception(pdu[0], 0x03);
    }
    int[] words = new int[quantity];
    for (int i = 0; i < quantity; i++) {
      words[i] = word(pdu, 6 + 2 * i);
    }
    return writeRegisters(pdu, address, words);
  }

  private byte[] writeRegisters(byte[] pdu, int address, int[] words) {
    for (int i = 0; i < words.length; i++) {
      if (!holding.containsKey(address + i)) {
        return exception(pdu[0], 0x02);
      }
      if (!accepts(address + i, words[i])) {
        return exception(pdu[0], 0x03);
      }
    }
    for (int i = 0; i < words.length; i++) {
      holding.put(address + i, words[i]);
    }
    written();
    return Arrays.copyOf(pdu, 5);
  }

  private static int word(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }
}
