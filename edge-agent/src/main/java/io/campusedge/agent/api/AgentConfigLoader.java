package io.campusedge.agent.api;

import io.campusedge.agent.internal.config.ConfigBinder;
import io.campusedge.agent.internal.config.ConfigValidator;
import io.campusedge.agent.internal.config.Problems;
import io.campusedge.agent.internal.config.RawConfig;
import io.campusedge.agent.internal.config.YamlLines;
import io.campusedge.drivers.api.DriverRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads and validates {@code agent.yaml}; every problem names the file, line and field. */
public final class AgentConfigLoader {
  private final DriverRegistry drivers;

  /** Device types and parameters are checked against {@code drivers}. */
  public AgentConfigLoader(DriverRegistry drivers) {
    this.drivers = drivers;
  }

  public AgentConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the configuration file (" + e + ")");
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, file.toString(), dir);
  }

  /** {@code source} names the text in messages; relative paths resolve against {@code baseDir}. */
  public AgentConfig parse(String text, String source, Path baseDir) throws ConfigException {
    RawConfig raw;
    YamlLines lines;
    try {
      Optional<Node> root = ConfigBinder.compose(text);
      lines = YamlLines.of(root);
      raw = root.isEmpty() ? null : new ConfigBinder().bind(root.get(), RawConfig.class);
    } catch (ConfigBinder.BindingException e) {
      throw new ConfigException(source + " line " + e.line() + ": " + e.getMessage());
    }
    Problems problems = new Problems(source, lines);
    return new ConfigValidator(problems, baseDir, drivers)
        .validate(raw)
        .orElseThrow(() -> new ConfigException(problems.messages()));
  }
}
