package io.campusedge.hub.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The distribution's Mosquitto as a child process on a free port of 127.0.0.1: no anonymous
 * clients, a password file made with {@code mosquitto_passwd -b}, and an ACL file giving each
 * gateway the rights the embedded broker's extension gives it, and the hub user {@code #}.
 */
public final class TestMosquitto implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/sbin/mosquitto");
  private static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");

  private final Path dir;
  private final int port;
  private final Path log;
  private Process process;

  private TestMosquitto(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.log = dir.resolve("mosquitto.log");
  }

  /** Skips the calling test (JUnit assumption) when Mosquitto is not installed. */
  public static void assumeInstalled() {
    assumeTrue(
        Files.isExecutable(BINARY) && Files.isExecutable(PASSWD),
        "Mosquitto is not installed at "
            + BINARY
            + " (apt-get install mosquitto; CI installs it): skipping the external-broker tests");
  }

  /** A user: the hub (all of campusedge/#) when {@code site} is null, else a gateway. */
  public record User(String name, String password, String site) {
    public static User hub(String name, String password) {
      return new User(name, password, null);
    }

    public static User gateway(String id, String password, String site) {
      return new User(id, password, site);
    }
  }

  public static TestMosquitto start(Path dir, List<User> users, String extraConfig)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    TestMosquitto broker = new TestMosquitto(dir, freePort());
    broker.writeFiles(users, extraConfig);
    broker.launch();
    return broker;
  }

  /**
   * Mosquitto on {@code port} reading a password and an ACL file someone else writes (the hub), as
   * they are when it starts and again on SIGHUP.
   */
  public static TestMosquitto startWithFiles(Path dir, int port, Path passwordFile, Path aclFile)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    TestMosquitto broker = new TestMosquitto(dir, port);
    broker.writeConfig(passwordFile, aclFile, "");
    broker.launch();
    return broker;
  }

  public Path configFile() {
    return dir.resolve("mosquitto.conf");
  }

  public int port() {
    return port;
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  public Path log() {
    return log;
  }

  private void writeFiles(List<User> users, String extraConfig)
      throws IOException, InterruptedException {
    Path passwd = dir.resolve("passwd");
    Files.deleteIfExists(passwd);
    Files.createFile(passwd);
    StringBuilder acl = new StringBuilder();
    for (User user : users) {
      run(PASSWD.toString(), "-b", passwd.toString(), user.name(), user.password());
      acl.append("user ").append(user.name()).append('\n');
      for (String line : aclLines(user)) {
        acl.append(line).append('\n');
      }
      acl.append('\n');
    }
    Files.writeString(dir.resolve("acl"), acl);
    writeConfig(passwd, dir.resolve("acl"), extraConfig);
  }

  private void writeConfig(Path passwd, Path acl, String extraConfig) throws IOException {
    Files.writeString(
        dir.resolve("mosquitto.conf"),
        String.join(
                "\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous false",
                "password_file " + passwd,
                "acl_file " + acl,
                "persistence false",
                // Started by root (CI containers), Mosquitto would switch to the 'mosquitto'
                // user, which cannot read these files; 'user root' keeps it as it is.
                "user root",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_type information",
                extraConfig)
            + "\n");
  }

  private static List<String> aclLines(User user) {
    if (user.site() == null) {
      return List.of("topic readwrite campusedge/#");
    }
    String base = "campusedge/v1/" + user.site() + "/" + user.name() + "/";
    List<String> lines = new ArrayList<>();
    for (String kind : List.of("data", "state", "cmd/result")) {
      lines.add("topic write " + base + kind);
    }
    for (String kind : List.of("ack", "cmd")) {
      lines.add("topic read " + base + kind);
    }
    return lines;
  }

  private void launch() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "mosquitto exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("mosquitto did not listen on " + port + ":\n" + logText());
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Mosquitto's own count of log lines containing {@code text}. */
  public long logLines(String text) {
    return logText().lines().filter(line -> line.contains(text)).count();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes());
    if (!child.waitFor(30, TimeUnit.SECONDS) || child.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
