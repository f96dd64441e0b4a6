package io.campusedge.simulators.chaos;

import io.campusedge.agent.internal.outbox.Lane;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real agent in a child JVM polling a simulated classroom climate sensor every 100 ms (six
 * readings a poll, all telemetry). What it reported durable is read from its log, so it survives a
 * kill -9.
 */
final class ProcessGateway implements ChaosGateway {
  private final String id;
  private final Path dir;
  private final TcpProxy proxy;
  private final AtomicLong reportedDurable = new AtomicLong();
  private AgentProcess agent;
  private long epoch;

  ProcessGateway(String id, Path dir, TcpProxy proxy) {
    this.id = id;
    this.dir = dir;
    this.proxy = proxy;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String password() {
    return ChaosGateway.password(id);
  }

  @Override
  public TcpProxy proxy() {
    return proxy;
  }

  @Override
  public void start() throws IOException {
    start("busy.yaml", "100ms");
  }

  private void start(String file, String poll) throws IOException {
    rememberEpoch();
    Path config =
        AgentConfigFile.write(
            dir.resolve(file), id, password(), dir.resolve("agent-data"), proxy.url(), poll);
    agent = AgentProcess.start(config, dir, reportedDurable);
  }

  void kill() throws InterruptedException {
    rememberEpoch();
    agent.kill();
  }

  void stop() throws InterruptedException {
    rememberEpoch();
    agent.stop();
  }

  private void rememberEpoch() {
    if (agent != null && agent.epoch() != 0) {
      epoch = agent.epoch();
    }
  }

  /** Restarts the agent polling once an hour, so its stream has an end, and waits for the acks. */
  @Override
  public void drain(HubUnderTest hub, Duration patience) throws Exception {
    if (agent != null && agent.isAlive()) {
      stop();
    }
    long before = reportedDurable.get();
    start("quiet.yaml", "1h");
    Waits.until(
        patience,
        id + ": the restarted agent stores records above seq " + before,
        () -> agent.epoch() != 0 && reportedDurable.get() > before);
    rememberEpoch();
    Waits.until(
        patience,
        id + ": the hub acks every record the agent reported durable",
        () -> hub.uptoSeq(id, epoch).orElse(0L) >= reportedDurable.get());
    stop();
  }

  @Override
  public long epoch() {
    rememberEpoch();
    return epoch;
  }

  @Override
  public NavigableMap<Long, Lane> durable() {
    NavigableMap<Long, Lane> seqs = new TreeMap<>();
    for (long seq = 1; seq <= reportedDurable.get(); seq++) {
      seqs.put(seq, Lane.TELEMETRY);
    }
    return seqs;
  }

  /** The child's last log lines, for a failure message. */
  String tail() {
    return agent == null ? "" : agent.tail();
  }

  @Override
  public void close() throws Exception {
    if (agent != null) {
      agent.close();
    }
  }
}
