package io.campusedge.agent.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsoleLoggingTest {
  private final LoggerContext context = new LoggerContext();

  @AfterEach
  void clearProperties() {
    System.clearProperty(ConsoleLogging.ACTIVE);
    System.clearProperty("logback.configurationFile");
    context.stop();
  }

  @Test
  void logbackFindsItAsAService() {
    assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class))
        .anyMatch(ConsoleLogging.class::isInstance);
  }

  @Test
  void leavesOtherProgramsToTheirOwnConfiguration() {
    assertThat(configure()).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(root().iteratorForAppenders().hasNext()).isFalse();
  }

  @Test
  void inTheAgentLogsInfoToTheConsoleAndQuietsPahoAndH2() {
    ConsoleLogging.use();

    assertThat(configure()).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    assertThat(root().getLevel()).isEqualTo(Level.INFO);
    ConsoleAppender<?> console = (ConsoleAppender<?>) root().getAppender("CONSOLE");
    assertThat(console.isStarted()).isTrue();
    assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern())
        .isEqualTo(ConsoleLogging.PATTERN);
    assertThat(context.getLogger("org.eclipse.paho.mqttv5.client").getEffectiveLevel())
        .isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.h2.mvstore").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.campusedge.agent").getEffectiveLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void aConfigurationFileGivenByTheTechnicianWins() {
    ConsoleLogging.use();
    System.setProperty("logback.configurationFile", "/etc/campusedge/logback.xml");

    assertThat(configure()).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(root().getAppender("CONSOLE")).isNull();
  }

  private ExecutionStatus configure() {
    ConsoleLogging logging = new ConsoleLogging();
    logging.setContext(context);
    return logging.configure(context);
  }

  private Logger root() {
    return context.getLogger(Logger.ROOT_LOGGER_NAME);
  }
}
