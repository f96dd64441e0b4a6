package io.campusedge.agent.internal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The agent's logging, set up in code: INFO to standard output (the service's journal), Paho and H2
 * at WARN. Found by logback as a service; it acts only in an agent process ({@link #use()} called
 * first thing in {@code main}) and when no {@code logback.configurationFile} is given, so other
 * programs with the agent's jar on their class path (the demo, the hub's tests) keep their own
 * configuration and a technician can still point the agent at a logback.xml. Configuring in code
 * spares a gateway logback's XML configurator and the JDK's XML parser: about 400 classes, 2.5 MiB
 * and 0.2 s of every start.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
  static final String ACTIVE = "campusedge.agent.console-logging";
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
  static final Map<String, Level> QUIETER =
      Map.of("org.eclipse.paho", Level.WARN, "org.h2", Level.WARN);

  /** Call before anything logs. */
  public static void use() {
    System.setProperty(ACTIVE, "true");
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (!Boolean.getBoolean(ACTIVE) || System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("CONSOLE");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
