package io.campusedge.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.ConfigException;
import io.campusedge.agent.internal.doctor.OutboxText;
import io.campusedge.agent.internal.outbox.Lane;
import io.campusedge.agent.internal.outbox.OutboxException;
import io.campusedge.agent.internal.outbox.OutboxInUseException;
import io.campusedge.agent.internal.outbox.OutboxReader;
import io.campusedge.agent.internal.outbox.OutboxSnapshot;
import io.campusedge.agent.internal.outbox.RecordExport;
import io.campusedge.drivers.api.DriverRegistry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code outbox stats} and {@code outbox export}: read the outbox file of a stopped (or broken)
 * agent without changing it.
 */
@Command(
    name = "outbox",
    description = "Look into the outbox file (read-only; the agent must be stopped).",
    subcommands = {OutboxCommand.Stats.class, OutboxCommand.Export.class})
final class OutboxCommand implements Runnable {
  static final int OK = 0;
  static final int CANNOT_READ = 1;
  static final int USAGE = 2;
  static final int IN_USE = 3;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the outbox is: from agent.yaml's dataDir, or a data directory given directly. */
  static final class Source {
    @Option(names = "--config", description = "agent.yaml (its dataDir holds the outbox).")
    Path config;

    @Option(names = "--data-dir", description = "The data directory (e.g. /var/lib/campusedge).")
    Path dataDir;

    Path dataDir() throws ConfigException {
      if (dataDir != null) {
        return dataDir;
      }
      AgentConfig loaded = new AgentConfigLoader(DriverRegistry.load()).load(config);
      return loaded.dataDir();
    }
  }

  static Optional<Integer> explain(OutboxException e, PrintWriter err) {
    if (e instanceof OutboxInUseException) {
      err.println(
          e.getMessage()
              + ". The agent is running: see what waits with 'campusedge-agent status', or stop"
              + " it first (sudo systemctl stop campusedge-agent).");
      return Optional.of(IN_USE);
    }
    err.println("campusedge-agent outbox: " + e.getMessage());
    return Optional.of(CANNOT_READ);
  }

  @Command(
      name = "stats",
      description = {
        "Per lane: records waiting for the hub, bytes, oldest/newest seq and age, evictions;"
            + " the epoch and damaged files kept.",
        "Exit code: 0 read, 1 cannot read, 2 wrong arguments, 3 the running agent holds the file."
      })
  static final class Stats implements Callable<Integer> {
    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Spec CommandLine.Model.CommandSpec spec;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Path dir;
      try {
        dir = source.dataDir();
      } catch (ConfigException e) {
        e.problems().forEach(err::println);
        return USAGE;
      }
      try (OutboxReader reader = OutboxReader.open(dir)) {
        OutboxSnapshot s = reader.snapshot();
        long now = clock.millis();
        if (json) {
          out.println(
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(asJson(s, now)));
        } else {
          print(out, s, now);
        }
        return OK;
      } catch (OutboxException e) {
        return explain(e, err).orElse(CANNOT_READ);
      }
    }

    private static void print(PrintWriter out, OutboxSnapshot s, long now) {
      out.printf("Outbox %s, epoch %d%n", s.file(), s.epoch());
      out.printf("  %s%n", OutboxText.summary(s, now));
      for (Lane lane : Lane.values()) {
        OutboxSnapshot.LaneSnapshot l = s.lane(lane);
        out.printf(
            "  %-10s %7d waiting, %9d bytes, seq %s..%s, oldest %s, newest %s, evicted %d%n",
            lane.column(),
            l.pendingRecords(),
            l.pendingBytes(),
            l.oldestSeq().map(String::valueOf).orElse("-"),
            l.newestSeq().map(String::valueOf).orElse("-"),
            l.oldestCreatedMs().map(ms -> OutboxText.age(now - ms)).orElse("-"),
            l.newestCreatedMs().map(ms -> OutboxText.age(now - ms)).orElse("-"),
            l.evicted());
      }
    }

    private static Map<String, Object> asJson(OutboxSnapshot s, long now) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("file", s.file().toString());
      root.put("epoch", s.epoch());
      root.put("pendingRecords", s.pendingRecords());
      root.put("pendingBytes", s.pendingBytes());
      root.put("corruptFilesKept", s.corruptFilesKept());
      Map<String, Object> lanes = new LinkedHashMap<>();
      for (Lane lane : Lane.values()) {
        OutboxSnapshot.LaneSnapshot l = s.lane(lane);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pendingRecords", l.pendingRecords());
        m.put("pendingBytes", l.pendingBytes());
        m.put("oldestSeq", l.oldestSeq().orElse(null));
        m.put("newestSeq", l.newestSeq().orElse(null));
        m.put("oldestAgeMs", l.oldestCreatedMs().map(ms -> now - ms).orElse(null));
        m.put("newestAgeMs", l.newestCreatedMs().map(ms -> now - ms).orElse(null));
        m.put("evicted", l.evicted());
        lanes.put(lane.column(), m);
      }
      root.put("lanes", lanes);
      return root;
    }
  }

  @Command(
      name = "export",
      description = {
        "Copy the records not yet acknowledged by the hub to a file (e.g. a USB stick), to carry"
            + " them off a broken gateway. Deletes nothing; card refs stay hashed.",
        "Exit code: 0 written, 1 cannot read or write, 2 wrong arguments, 3 the running agent"
            + " holds the file."
      })
  static final class Export implements Callable<Integer> {
    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--out", required = true, description = "File to write (must not exist).")
    Path out;

    @Option(
        names = "--format",
        defaultValue = "jsonl",
        description = "jsonl or protobuf-delimited (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--lane", description = "Only attendance, events or telemetry.")
    String lane;

    @Option(
        names = "--from-seq",
        defaultValue = "0",
        description = "Only records with a seq above this one (default: all).")
    long fromSeq;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      RecordExport.Format chosen;
      Optional<Lane> only;
      try {
        chosen = RecordExport.Format.parse(format);
        only =
            lane == null
                ? Optional.empty()
                : Optional.of(Lane.valueOf(lane.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        err.println(
            "campusedge-agent outbox export: "
                + (e.getMessage().contains("format")
                    ? e.getMessage()
                    : "unknown lane '" + lane + "' (use attendance, events or telemetry)"));
        return USAGE;
      }
      Path dir;
      try {
        dir = source.dataDir();
      } catch (ConfigException e) {
        e.problems().forEach(err::println);
        return USAGE;
      }
      try (OutboxReader reader = OutboxReader.open(dir)) {
        long epoch = reader.snapshot().epoch();
        long written;
        try (OutputStream file =
            new BufferedOutputStream(Files.newOutputStream(out, StandardOpenOption.CREATE_NEW))) {
          RecordExport export = new RecordExport(chosen, epoch, file);
          written = reader.forEachPending(only, fromSeq, export::write);
        }
        spec.commandLine()
            .getOut()
            .printf(
                "Wrote %d record(s) of epoch %d to %s (%s); the outbox is unchanged.%n",
                written, epoch, out, format);
        return OK;
      } catch (OutboxException e) {
        return explain(e, err).orElse(CANNOT_READ);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        err.println("campusedge-agent outbox export: " + out + " exists; choose another --out");
        return USAGE;
      } catch (IOException e) {
        err.println("campusedge-agent outbox export: cannot write " + out + ": " + e);
        return CANNOT_READ;
      }
    }
  }
}
