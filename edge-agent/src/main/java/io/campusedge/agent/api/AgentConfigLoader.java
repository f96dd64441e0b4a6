package io.campusedge.agent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.campusedge.agent.internal.config.ConfigValidator;
import io.campusedge.agent.internal.config.Problems;
import io.campusedge.agent.internal.config.RawConfig;
import io.campusedge.agent.internal.config.YamlLines;
import io.campusedge.drivers.api.DriverRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads and validates {@code agent.yaml}; every problem names the file, line and field. */
public final class AgentConfigLoader {
  private final DriverRegistry drivers;
  private final YAMLFactory yaml = new YAMLFactory();
  private final ObjectMapper mapper;

  /** Device types and parameters are checked against {@code drivers}. */
  public AgentConfigLoader(DriverRegistry drivers) {
    this.drivers = drivers;
    this.mapper =
        new ObjectMapper(yaml)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
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
    YamlLines lines = YamlLines.scan(yaml, text);
    Problems problems = new Problems(source, lines);
    RawConfig raw = bind(text, source, lines);
    return new ConfigValidator(problems, baseDir, drivers)
        .validate(raw)
        .orElseThrow(() -> new ConfigException(problems.messages()));
  }

  private RawConfig bind(String text, String source, YamlLines lines) throws ConfigException {
    try {
      return mapper.readValue(text, RawConfig.class);
    } catch (UnrecognizedPropertyException e) {
      String known =
          e.getKnownPropertyIds().stream()
              .map(Object::toString)
              .sorted()
              .collect(Collectors.joining(", "));
      throw new ConfigException(
          at(source, lines, e)
              + "unknown field '"
              + fieldPath(e)
              + "' (known fields here: "
              + known
              + ")");
    } catch (JsonMappingException e) {
      throw new ConfigException(
          at(source, lines, e) + fieldPath(e) + ": " + firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          at(source, e) + "not valid YAML: " + firstLine(e.getOriginalMessage()));
    }
  }

  /**
   * Records are bound through their constructor, so Jackson reports the end of the object; the
   * field's own line comes from the scan.
   */
  private static String at(String source, YamlLines lines, JsonMappingException e) {
    if (e.getPath().isEmpty()) {
      return at(source, e);
    }
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
    }
    return source + " line " + lines.lineOf(pointer.toString()) + ": ";
  }

  private static String at(String source, JsonProcessingException e) {
    int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
    return source + " line " + line + ": ";
  }

  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "(top level)" : path.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable value";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
