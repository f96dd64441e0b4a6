package io.campusedge.agent.internal.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Line numbers of every field in a YAML document, by JSON pointer ({@code /devices/1/id}), so
 * validation after binding can still say where a value came from.
 */
public final class YamlLines {
  private final Map<String, Integer> lines;

  private YamlLines(Map<String, Integer> lines) {
    this.lines = lines;
  }

  /** Reads the token stream once; a syntax error surfaces later, when binding. */
  public static YamlLines scan(YAMLFactory factory, String yaml) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = factory.createParser(yaml)) {
      while (parser.nextToken() != null) {
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
      }
    } catch (IOException e) {
      // Keep what was read; the binder reports the syntax error with its own line.
    }
    return new YamlLines(lines);
  }

  /** The line of {@code pointer}, else of its closest ancestor, else 1. */
  public int lineOf(String pointer) {
    String current = pointer;
    while (true) {
      Integer line = lines.get(current);
      if (line != null) {
        return line;
      }
      int slash = current.lastIndexOf('/');
      if (slash < 0) {
        return 1;
      }
      current = current.substring(0, slash);
    }
  }
}
