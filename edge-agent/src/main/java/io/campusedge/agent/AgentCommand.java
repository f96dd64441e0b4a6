package io.campusedge.agent;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.AgentStartException;
import io.campusedge.agent.api.ConfigException;
import io.campusedge.agent.api.EdgeAgent;
import io.campusedge.agent.internal.RunningAgent;
import io.campusedge.agent.internal.logging.ConsoleLogging;
import io.campusedge.agent.internal.update.UpdateHooks;
import io.campusedge.agent.internal.update.Versions;
import io.campusedge.agent.internal.uplink.SoftwareVersion;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.bus.pi4j.Pi4jBuses;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The gateway's command line: {@code run --config FILE}, {@code config validate FILE}, {@code
 * scan}, {@code status}, {@code provision --hub URL --token T}, {@code doctor} and {@code outbox
 * stats|export}.
 */
@Command(
    name = "campusedge-agent",
    mixinStandardHelpOptions = true,
    description = "CampusEdge gateway agent.",
    subcommands = {
      AgentCommand.Run.class,
      AgentCommand.ConfigCommands.class,
      ScanCommand.class,
      StatusCommand.class,
      ProvisionCommand.class,
      DoctorCommand.class,
      OutboxCommand.class,
      UpdateCommand.class
    })
public final class AgentCommand implements Runnable {
  /** Exit code for a configuration that cannot work. */
  static final int BAD_CONFIG = 2;

  /** Exit code when the agent cannot start for another reason (outbox file, broker URL). */
  static final int CANNOT_START = 1;

  /**
   * Exit code asking the service manager for a restart into another version: after installing an
   * update, or after rolling one back (the unit restarts on it; see RestartForceExitStatus=).
   */
  static final int RESTART_FOR_UPDATE = 10;

  /** Set by the launcher: {@code package} or the version folder it started. */
  static final String INSTALL_ENV = "CAMPUSEDGE_INSTALL";

  @Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    ConsoleLogging.use();
    if (args.length > 0 && args[0].equals("run")) {
      // The service's command gets only its own model: picocli instantiates and reflects on every
      // subcommand, which cost the long-running agent about 1.5 MiB resident (measured, 10
      // devices), and the other commands' fields (status and provision's Jackson mappers, about
      // 6.5 MiB with its classes) stay out of it.
      CommandLine run = new CommandLine(new Run()).setCommandName("campusedge-agent run");
      System.exit(run.execute(Arrays.copyOfRange(args, 1, args.length)));
    }
    System.exit(new CommandLine(new AgentCommand()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "run", description = "Run the agent until stopped.")
  static final class Run implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "agent.yaml")
    Path config;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter err = spec.commandLine().getErr();
      DriverRegistry drivers = DriverRegistry.load();
      // Opened lazily: a gateway with only network devices never touches /dev/i2c-* or GPIO.
      Pi4jBuses buses = Pi4jBuses.create();
      EdgeAgent agent;
      try {
        AgentConfig loaded = new AgentConfigLoader(drivers).load(config);
        Optional<UpdateHooks> updates = updateHooks();
        if (updates.isPresent() && rolledBackAtStart(loaded, updates.get(), err)) {
          buses.close();
          return RESTART_FOR_UPDATE;
        }
        agent = RunningAgent.start(loaded, Optional.of(config), drivers, buses, updates);
      } catch (ConfigException e) {
        buses.close();
        err.println("campusedge-agent: bad configuration: " + String.join("; ", e.problems()));
        return BAD_CONFIG;
      } catch (AgentStartException e) {
        buses.close();
        err.println("campusedge-agent: cannot start: " + e.getMessage());
        return CANNOT_START;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                agent.close();
                buses.close();
                stopped.countDown();
              },
              "campusedge-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      stopped.await();
      return 0;
    }

    /** Only under the launcher, which knows which install it started. */
    private static Optional<UpdateHooks> updateHooks() {
      return Optional.ofNullable(System.getenv(INSTALL_ENV))
          .filter(install -> !install.isBlank())
          .map(
              install ->
                  new UpdateHooks(install, SoftwareVersion.current(), Run::exitForRestartSoon));
    }

    private static boolean rolledBackAtStart(AgentConfig config, UpdateHooks hooks, PrintWriter err)
        throws AgentStartException {
      Versions versions = new Versions(config.versionsDir());
      try {
        if (versions.atStart(hooks.runningInstall(), Instant.now())
            == Versions.StartDecision.RESTART) {
          err.println(
              "campusedge-agent: update rolled back ("
                  + versions.lastRollback().map(Versions.Rollback::reason).orElse("")
                  + "); restarting into "
                  + versions.current());
          return true;
        }
        return false;
      } catch (IOException e) {
        throw new AgentStartException("cannot read " + versions.dir() + ": " + e, e);
      }
    }

    /** After the command's result is published (a few seconds), exit so systemd restarts us. */
    private static void exitForRestartSoon() {
      Thread exit =
          new Thread(
              () -> {
                try {
                  Thread.sleep(3_000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                System.exit(RESTART_FOR_UPDATE);
              },
              "campusedge-update-restart");
      exit.setDaemon(true);
      exit.start();
    }
  }

  @Command(
      name = "config",
      description = "Work with configuration files.",
      subcommands = {ConfigCommands.Validate.class})
  static final class ConfigCommands implements Runnable {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "validate", description = "Check a configuration file and print its errors.")
    static final class Validate implements Callable<Integer> {
      @Parameters(paramLabel = "FILE", description = "agent.yaml")
      Path file;

      @Spec CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        try {
          new AgentConfigLoader(DriverRegistry.load()).load(file);
          spec.commandLine().getOut().println("OK");
          return 0;
        } catch (ConfigException e) {
          e.problems().forEach(spec.commandLine().getErr()::println);
          return BAD_CONFIG;
        }
      }
    }
  }
}
