package io.campusedge.agent.internal.doctor;

import io.campusedge.agent.internal.outbox.H2Outbox;
import java.nio.file.Path;
import java.time.Clock;

/** A child JVM that holds an outbox open like a running agent, until its stdin closes. */
public final class OutboxHolder {
  private OutboxHolder() {}

  public static void main(String[] args) throws Exception {
    try (H2Outbox outbox = H2Outbox.open(Path.of(args[0]), Clock.systemUTC(), "holder")) {
      System.out.println("open " + outbox.epoch());
      System.out.flush();
      System.in.read();
    }
  }

  /** Starts the child and waits until it holds the file. */
  static Process start(Path base) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OutboxHolder.class.getName(),
                base.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
    String line;
    while ((line = in.readLine()) != null && !line.startsWith("open")) {
      // log lines before the marker
    }
    return p;
  }
}
