package io.campusedge.simulators.chaos;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code campusedge-agent run --config FILE} in a child JVM on the test class path. The child logs
 * each group commit after its fsync ("Outbox stored seq a..b"); this reads those lines from its
 * stdout, so the test knows the highest seq the agent reported durable even after a SIGKILL.
 */
public final class AgentProcess implements AutoCloseable {
  private static final Pattern STORED = Pattern.compile("Outbox stored seq (\\d+)\\.\\.(\\d+)");
  private static final Pattern OPENED = Pattern.compile("opened: epoch (\\d+), next seq (\\d+)");
  private static final String LOGBACK =
      """
      <configuration>
        <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%-5level %logger{0} - %msg%n</pattern></encoder>
        </appender>
        <logger name="io.campusedge.agent.internal.outbox.H2Outbox" level="DEBUG"/>
        <logger name="io.campusedge.agent.internal.uplink.PahoUplink" level="INFO"/>
        <root level="WARN"><appender-ref ref="OUT"/></root>
      </configuration>
      """;

  private final Process process;
  private final AtomicLong highestDurable;
  private final AtomicLong epoch = new AtomicLong();
  private final Deque<String> tail = new ArrayDeque<>();
  private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Thread reader;

  private AgentProcess(Process process, AtomicLong highestDurable) {
    this.process = process;
    this.highestDurable = highestDurable;
    this.reader = new Thread(this::readOutput, "agent-child-stdout");
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /** {@code highestDurable} is shared across restarts so the highest report wins. */
  public static AgentProcess start(Path config, Path workDir, AtomicLong highestDurable)
      throws IOException {
    Path logback = workDir.resolve("child-logback.xml");
    Files.writeString(logback, LOGBACK);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx64m");
    command.add("-Dlogback.configurationFile=" + logback);
    command.add("-cp");
    command.add(absoluteClassPath());
    command.add("io.campusedge.agent.AgentCommand");
    command.addAll(List.of("run", "--config", config.toString()));
    Process process =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    return new AgentProcess(process, highestDurable);
  }

  /** The child runs in {@code workDir}, so relative entries (as from the bench script) must go. */
  private static String absoluteClassPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      entries.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  private void readOutput() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        remember(line);
        if (line.startsWith("ERROR")) {
          errors.add(line);
        }
        Matcher stored = STORED.matcher(line);
        if (stored.find()) {
          long last = Long.parseLong(stored.group(2));
          highestDurable.accumulateAndGet(last, Math::max);
          continue;
        }
        Matcher opened = OPENED.matcher(line);
        if (opened.find()) {
          epoch.set(Long.parseLong(opened.group(1)));
        }
      }
    } catch (IOException e) {
      // The child was killed; what it wrote before is already read.
    }
  }

  private synchronized void remember(String line) {
    tail.addLast(line);
    if (tail.size() > 40) {
      tail.removeFirst();
    }
  }

  /** The last lines the child printed, for failure messages. */
  public synchronized String tail() {
    return String.join("\n", tail);
  }

  /** Every ERROR line the child logged. */
  public List<String> errors() {
    return errors;
  }

  /** The outbox epoch the child logged at start; 0 until then. */
  public long epoch() {
    return epoch.get();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no flush, no death message but the broker's will. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    reader.join(5_000);
  }

  /** SIGTERM: the agent's shutdown hook flushes the outbox and disconnects. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    reader.join(5_000);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
