package io.campusedge.agent;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.AgentStartException;
import io.campusedge.agent.api.ConfigException;
import io.campusedge.agent.api.EdgeAgent;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.bus.pi4j.Pi4jBuses;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The gateway's command line: {@code run --config FILE}, {@code config validate FILE}, {@code
 * scan}, {@code status} and {@code provision --hub URL --token T}.
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
      ProvisionCommand.class
    })
public final class AgentCommand implements Runnable {
  /** Exit code for a configuration that cannot work. */
  static final int BAD_CONFIG = 2;

  /** Exit code when the agent cannot start for another reason (outbox file, broker URL). */
  static final int CANNOT_START = 1;

  @Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
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
        agent = EdgeAgent.start(loaded, config, drivers, buses);
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
