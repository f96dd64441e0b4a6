package io.campusedge.agent.internal.config;

import java.util.ArrayList;
import java.util.List;

/** Collects validation problems as {@code "agent.yaml line 7: broker.url must …"}. */
public final class Problems {
  private final String source;
  private final YamlLines lines;
  private final List<String> messages = new ArrayList<>();

  public Problems(String source, YamlLines lines) {
    this.source = source;
    this.lines = lines;
  }

  /** {@code pointer} is a JSON pointer such as {@code /devices/1/room}. */
  public void add(String pointer, String message) {
    addAtLine(lines.lineOf(pointer), message);
  }

  public void addAtLine(int line, String message) {
    messages.add(source + " line " + line + ": " + message);
  }

  public boolean isEmpty() {
    return messages.isEmpty();
  }

  public List<String> messages() {
    return List.copyOf(messages);
  }
}
