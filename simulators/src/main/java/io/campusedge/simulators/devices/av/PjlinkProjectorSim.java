package io.campusedge.simulators.devices.av;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A projector speaking PJLink class 1 or 2 over TCP (and class 2 search and status notifications
 * over UDP), written from the JBMIA specification independently of the driver. Power goes through
 * warm-up and cooling, the lamp counts hours while lit (faster than real time if asked), and a test
 * or a technician at the console can make it answer an error, a malformed line, nothing, or close
 * the connection half-way through the next reply.
 */
public final class PjlinkProjectorSim implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PjlinkProjectorSim.class);
  private static final Set<String> CLASS_2_ONLY =
      Set.of(
          "INNM", "IRES", "RRES", "FILT", "SNUM", "SVER", "RLMP", "RFIL", "FREZ", "SVOL", "MVOL");

  /** What the projector does with the next command (for one body, or any when body is null). */
  public sealed interface Fault {
    /** Answers {@code %<class><body>=<code>}, e.g. ERR3. */
    record ErrorReply(String code) implements Fault {}

    /** Sends this text and CR instead of the real reply. */
    record RawReply(String text) implements Fault {}

    /** Sends the first half of the real reply, then closes the connection. */
    record CloseMidReply() implements Fault {}

    /** Sends nothing and keeps the connection open. */
    record Silence() implements Fault {}
  }

  /** How the projector is set up; {@code password} empty for no security. */
  public record Settings(
      int port,
      int pjlinkClass,
      Optional<String> password,
      boolean oneCommandPerConnection,
      Duration warmUp,
      Duration coolDown,
      double lampHoursPerSecond,
      long lampHours,
      boolean hasLamp,
      int udpPort,
      String mac,
      Duration idleTimeout) {

    public static Settings defaults() {
      return new Settings(
          0,
          2,
          Optional.empty(),
          false,
          Duration.ZERO,
          Duration.ZERO,
          0,
          1200,
          true,
          -1,
          "00:1a:2b:3c:4d:5e",
          Duration.ofSeconds(30));
    }

    public Settings withPort(int p) {
      return new Settings(
          p,
          pjlinkClass,
          password,
          oneCommandPerConnection,
          warmUp,
          coolDown,
          lampHoursPerSecond,
          lampHours,
          hasLamp,
          udpPort,
          mac,
          idleTimeout);
    }

    public Settings withClass(int c) {
      return new Settings(
          port,
          c,
          password,
          oneCommandPerConnection,
          warmUp,
          coolDown,
          lampHoursPerSecond,
          lampHours,
          hasLamp,
          udpPort,
          mac,
          idleTimeout);
    }

    public Settings withPassword(String pw) {
      return new Settings(
          port,
          pjlinkClass,
          Optional.ofNullable(pw),
          oneCommandPerConnection,
          warmUp,
          coolDown,
          lampHoursPerSecond,
          lampHours,
          hasLamp,
          udpPort,
          mac,
          idleTimeout);
    }

    public Settings withOneCommandPerConnection(boolean one) {
      return new Settings(
          port,
          pjlinkClass,
          password,
          one,
          warmUp,
          coolDown,
          lampHoursPerSecond,
          lampHours,
          hasLamp,
          udpPort,
          mac,
          idleTimeout);
    }

    public Settings withPowerDelays(Duration up, Duration down) {
      return new Settings(
          port,
          pjlinkClass,
          password,
          oneCommandPerConnection,
          up,
          down,
          lampHoursPerSecond,
          lampHours,
          hasLamp,
          udpPort,
          mac,
          idleTimeout);
    }

    public Settings withLamp(boolean has, long hours, double hoursPerSecond) {
      return new Settings(
          port,
          pjlinkClass,
          password,
          oneCommandPerConnection,
          warmUp,
          coolDown,
          hoursPerSecond,
          hours,
          has,
          udpPort,
          mac,
          idleTimeout);
    }

    /** {@code 0}: an ephemeral UDP port; {@code -1}: no UDP. */
    public Settings withUdpPort(int p) {
      return new Settings(
          port,
          pjlinkClass,
          password,
          oneCommandPerConnection,
          warmUp,
          coolDown,
          lampHoursPerSecond,
          lampHours,
          hasLamp,
          p,
          mac,
          idleTimeout);
    }

    public Settings withIdleTimeout(Duration idle) {
      return new Settings(
          port,
          pjlinkClass,
          password,
          oneCommandPerConnection,
          warmUp,
          coolDown,
          lampHoursPerSecond,
          lampHours,
          hasLamp,
          udpPort,
          mac,
          idle);
    }
  }

  private final Settings settings;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, String> inputs = new LinkedHashMap<>();
  private final Deque<Map.Entry<String, Fault>> faults = new ArrayDeque<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final List<InetSocketAddress> notifyTo = new CopyOnWriteArrayList<>();
  private final Map<String, String> info = new ConcurrentHashMap<>();
  private final AtomicInteger commands = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private ServerSocket server;
  private Thread acceptor;
  private DatagramSocket udp;
  private volatile boolean running;

  // Projector state, guarded by this.
  private int power; // 0 standby, 1 on, 2 cooling, 3 warm-up
  private long transitionEndsNanos;
  private String input = "31";
  private String mute = "30";
  private String errors = "000000";
  private double lampHours;
  private long lampSinceNanos;
  private long filterHours = 120;
  private String resolution = "1920x1080";

  public PjlinkProjectorSim(Settings settings) {
    this.settings = settings;
    this.lampHours = settings.lampHours();
    inputs.put("11", "Computer 1");
    inputs.put("21", "Video");
    inputs.put("31", "HDMI 1");
    inputs.put("32", "HDMI 2");
    inputs.put("51", "LAN");
    if (settings.pjlinkClass() >= 2) {
      inputs.put("3A", "HDMI 3");
    }
    info.put("NAME", "A101 Projector");
    info.put("INF1", "CampusEdge");
    info.put("INF2", "SimBeam 3000");
    info.put("INFO", "simulated");
    info.put("SNUM", "SB3K-0001");
    info.put("SVER", "1.2.3");
  }

  /** Listens on loopback at the settings' port (0 = ephemeral); returns this for chaining. */
  public PjlinkProjectorSim start() throws IOException {
    return start(settings.port());
  }

  /**
   * Listens on loopback at {@code port}; used again after {@link #stop()} to simulate a restart.
   */
  public PjlinkProjectorSim start(int port) throws IOException {
    return listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  /**
   * Listens on every interface (for the command-line simulator, so real controllers can reach it).
   */
  public PjlinkProjectorSim startOnAllInterfaces() throws IOException {
    return listen(new InetSocketAddress(settings.port()));
  }

  private synchronized PjlinkProjectorSim listen(InetSocketAddress address) throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(address);
    running = true;
    acceptor = new Thread(this::accept, "pjlink-sim-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
    if (settings.udpPort() >= 0 && udp == null) {
      udp = new DatagramSocket(new InetSocketAddress(address.getAddress(), settings.udpPort()));
      Thread t = new Thread(this::answerSearches, "pjlink-sim-udp");
      t.setDaemon(true);
      t.start();
    }
    return this;
  }

  public int port() {
    return server.getLocalPort();
  }

  public int udpPort() {
    return udp == null ? -1 : udp.getLocalPort();
  }

  /** Stops listening and drops every connection, like a projector losing power. */
  public synchronized void stop() {
    running = false;
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
    TcpDeviceServer.awaitAcceptorEnd(acceptor);
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  @Override
  public void close() {
    stop();
    if (udp != null) {
      udp.close();
    }
  }

  public int commandCount() {
    return commands.get();
  }

  /** Connections open right now. */
  public int openConnections() {
    return open.size();
  }

  public int connectionCount() {
    return connections.get();
  }

  // --- state the tests and the console change ------------------------------------------------

  public synchronized void fault(String body, Fault fault) {
    faults.add(Map.entry(body == null ? "*" : body, fault));
  }

  public synchronized void clearFaults() {
    faults.clear();
  }

  public synchronized void setErrors(String erst) {
    if (!erst.matches("[0-2]{6}")) {
      throw new IllegalArgumentException("ERST is six digits 0-2, got " + erst);
    }
    errors = erst;
    notifyController("ERST", erst);
  }

  /** Switches on (true) or to standby, as the remote control would, going through the delays. */
  public synchronized void pressPower(boolean on) {
    setPower(on);
  }

  public synchronized void selectInput(String code) {
    if (!inputs.containsKey(code)) {
      throw new IllegalArgumentException("no input " + code);
    }
    input = code;
    notifyController("INPT", code);
  }

  public synchronized String powerCode() {
    settle();
    return Integer.toString(power);
  }

  public synchronized String input() {
    return input;
  }

  public synchronized String mute() {
    return mute;
  }

  public synchronized long lampHours() {
    settle();
    return (long) currentLampHours();
  }

  /** Class 2 status notifications go to this controller address. */
  public void notifyTo(InetSocketAddress controller) {
    notifyTo.add(controller);
  }

  // --- TCP ------------------------------------------------------------------------------------

  private void accept() {
    ServerSocket s = server;
    while (running && !s.isClosed()) {
      try {
        Socket client = s.accept();
        if (!running) {
          // Accepted while stopping: a projector without power answers nothing.
          client.close();
          return;
        }
        connections.incrementAndGet();
        open.add(client);
        Thread t = new Thread(() -> serve(client), "pjlink-sim-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setSoTimeout((int) settings.idleTimeout().toMillis());
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      Optional<String> challenge = Optional.empty();
      if (settings.password().isPresent()) {
        byte[] r = new byte[4];
        random.nextBytes(r);
        challenge = Optional.of(HexFormat.of().formatHex(r));
        send(out, "PJLINK 1 " + challenge.get());
      } else {
        send(out, "PJLINK 0");
      }
      boolean authenticated = challenge.isEmpty();
      while (running) {
        Optional<String> line = readLine(in);
        if (line.isEmpty()) {
          return;
        }
        String command = line.get();
        if (!authenticated) {
          if (command.length() < 32
              || !command.substring(0, 32).equals(expectedDigest(challenge.get()))) {
            send(out, "PJLINK ERRA");
            return;
          }
          command = command.substring(32);
          authenticated = true;
        }
        commands.incrementAndGet();
        if (!answer(command, out)) {
          return;
        }
        if (settings.oneCommandPerConnection()) {
          return;
        }
      }
    } catch (SocketTimeoutException e) {
      log.debug("PJLink sim: idle connection closed");
    } catch (IOException e) {
      log.debug("PJLink sim: connection ended: {}", e.toString());
    } finally {
      open.remove(client);
    }
  }

  /** Answers one command; false when the connection must close. */
  private boolean answer(String command, OutputStream out) throws IOException {
    if (command.length() < 6 || command.charAt(0) != '%') {
      send(out, "%1" + "XXXX=ERR1");
      return true;
    }
    char cls = command.charAt(1);
    String body = command.substring(2, 6);
    String param = command.length() > 7 ? command.substring(7) : "";
    String prefix = "%" + cls + body + "=";
    Optional<Fault> fault = takeFault(body);
    if (fault.isPresent()) {
      return inject(fault.get(), prefix, cls, body, param, out);
    }
    send(out, prefix + reply(cls, body, param));
    return true;
  }

  private boolean inject(
      Fault fault, String prefix, char cls, String body, String param, OutputStream out)
      throws IOException {
    if (fault instanceof Fault.ErrorReply e) {
      send(out, prefix + e.code());
      return true;
    }
    if (fault instanceof Fault.RawReply r) {
      send(out, r.text());
      return true;
    }
    if (fault instanceof Fault.Silence) {
      return true;
    }
    String real = prefix + reply(cls, body, param) + "\r";
    out.write(real.substring(0, real.length() / 2).getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return false;
  }

  private synchronized Optional<Fault> takeFault(String body) {
    for (var it = faults.iterator(); it.hasNext(); ) {
      Map.Entry<String, Fault> f = it.next();
      if (f.getKey().equals("*") || f.getKey().equals(body)) {
        it.remove();
        return Optional.of(f.getValue());
      }
    }
    return Optional.empty();
  }

  private synchronized String reply(char cls, String body, String param) {
    settle();
    if (cls != '1' && cls != '2' || cls - '0' > settings.pjlinkClass()) {
      return "ERR1";
    }
    if (cls == '1' && CLASS_2_ONLY.contains(body)) {
      return "ERR1";
    }
    boolean query = param.equals("?") || (body.equals("INNM") && param.startsWith("?"));
    boolean lit = power == 1;
    switch (body) {
      case "POWR":
        if (query) {
          return Integer.toString(power);
        }
        if (!param.equals("0") && !param.equals("1")) {
          return "ERR2";
        }
        if (power == 2 || power == 3) {
          return "ERR3";
        }
        setPower(param.equals("1"));
        return "OK";
      case "INPT":
        if (!lit) {
          return "ERR3";
        }
        if (query) {
          return input;
        }
        if (!inputs.containsKey(param) || (cls == '1' && !Character.isDigit(param.charAt(1)))) {
          return "ERR2";
        }
        input = param;
        notifyController("INPT", input);
        return "OK";
      case "AVMT":
        if (!lit) {
          return "ERR3";
        }
        if (query) {
          return mute;
        }
        if (!param.matches("[123][01]")) {
          return "ERR2";
        }
        mute = applyMute(param);
        notifyController("AVMT", mute);
        return "OK";
      case "ERST":
        return query ? errors : "ERR2";
      case "LAMP":
        if (!settings.hasLamp()) {
          return "ERR1";
        }
        return query
            ? (long) currentLampHours() + " " + (power == 1 || power == 3 ? "1" : "0")
            : "ERR2";
      case "INST":
        return query
            ? String.join(
                " ",
                inputs.keySet().stream()
                    .filter(k -> cls == '2' || Character.isDigit(k.charAt(1)))
                    .toList())
            : "ERR2";
      case "CLSS":
        return Integer.toString(settings.pjlinkClass());
      case "NAME", "INF1", "INF2", "INFO", "SNUM", "SVER":
        return query ? info.get(body) : "ERR2";
      case "INNM":
        return inputs.getOrDefault(param.substring(Math.min(1, param.length())), "ERR2");
      case "IRES":
        return lit ? resolution : "ERR3";
      case "RRES":
        return "1920x1080";
      case "FILT":
        return Long.toString(filterHours);
      default:
        return "ERR1";
    }
  }

  private String applyMute(String param) {
    boolean video = mute.equals("11") || mute.equals("31");
    boolean audio = mute.equals("21") || mute.equals("31");
    boolean on = param.charAt(1) == '1';
    switch (param.charAt(0)) {
      case '1' -> video = on;
      case '2' -> audio = on;
      default -> {
        video = on;
        audio = on;
      }
    }
    if (video && audio) {
      return "31";
    }
    return video ? "11" : audio ? "21" : "30";
  }

  private void setPower(boolean on) {
    settle();
    long now = System.nanoTime();
    if (on && (power == 0 || power == 2)) {
      startLamp(now);
      power = settings.warmUp().isZero() ? 1 : 3;
      transitionEndsNanos = now + settings.warmUp().toNanos();
    } else if (!on && (power == 1 || power == 3)) {
      stopLamp(now);
      power = settings.coolDown().isZero() ? 0 : 2;
      transitionEndsNanos = now + settings.coolDown().toNanos();
    }
    notifyController("POWR", Integer.toString(power));
  }

  /** Finishes warm-up or cooling whose time has come. */
  private void settle() {
    if ((power == 2 || power == 3) && System.nanoTime() >= transitionEndsNanos) {
      power = power == 3 ? 1 : 0;
      notifyController("POWR", Integer.toString(power));
    }
  }

  private void startLamp(long now) {
    lampSinceNanos = now;
  }

  private void stopLamp(long now) {
    lampHours = currentLampHours(now);
    lampSinceNanos = 0;
  }

  private double currentLampHours() {
    return currentLampHours(System.nanoTime());
  }

  private double currentLampHours(long now) {
    if (lampSinceNanos == 0) {
      return lampHours;
    }
    return lampHours + (now - lampSinceNanos) / 1e9 * settings.lampHoursPerSecond();
  }

  private String expectedDigest(String challenge) {
    try {
      byte[] hash =
          MessageDigest.getInstance("MD5")
              .digest(
                  (challenge + settings.password().orElseThrow())
                      .getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- UDP ------------------------------------------------------------------------------------

  private void answerSearches() {
    byte[] buffer = new byte[256];
    DatagramSocket socket = udp;
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        return;
      }
      String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
      if (text.equals("%2SRCH\r") && settings.pjlinkClass() >= 2 && running) {
        byte[] ack = ("%2ACKN=" + settings.mac() + "\r").getBytes(StandardCharsets.US_ASCII);
        try {
          socket.send(new DatagramPacket(ack, ack.length, packet.getSocketAddress()));
        } catch (IOException e) {
          log.debug("PJLink sim: cannot answer search: {}", e.toString());
        }
      }
    }
  }

  private void notifyController(String body, String value) {
    if (settings.pjlinkClass() < 2 || udp == null) {
      return;
    }
    byte[] data = ("%2" + body + "=" + value + "\r").getBytes(StandardCharsets.US_ASCII);
    for (InetSocketAddress controller : notifyTo) {
      try {
        udp.send(new DatagramPacket(data, data.length, controller));
      } catch (IOException e) {
        log.debug("PJLink sim: cannot notify {}: {}", controller, e.toString());
      }
    }
  }

  /** Announces the projector on the network (class 2 LKUP), as after it is plugged in. */
  public void linkUp() {
    notifyController("LKUP", settings.mac());
  }

  // --- wire helpers ---------------------------------------------------------------------------

  private static Optional<String> readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return Optional.empty();
      }
      if (b == '\r') {
        return Optional.of(line.toString(StandardCharsets.ISO_8859_1));
      }
      if (b != '\n') {
        line.write(b);
      }
      if (line.size() > 200) {
        return Optional.empty();
      }
    }
  }

  private static void send(OutputStream out, String line) throws IOException {
    out.write((line + "\r").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
