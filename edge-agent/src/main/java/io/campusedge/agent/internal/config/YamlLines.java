package io.campusedge.agent.internal.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Line numbers of every field in a YAML document, by JSON pointer ({@code /devices/1/id}), so
 * validation after binding can still say where a value came from.
 */
public final class YamlLines {
  private final Map<String, Integer> lines;

  private YamlLines(Map<String, Integer> lines) {
    this.lines = lines;
  }

  /** Reads the text once; a syntax error surfaces later, when binding, with its own line. */
  public static YamlLines scan(String yaml) {
    try {
      return of(ConfigBinder.compose(yaml));
    } catch (ConfigBinder.BindingException e) {
      return of(Optional.empty());
    }
  }

  /** A field's line is its key's; a list item's is where the item starts. */
  public static YamlLines of(Optional<Node> root) {
    Map<String, Integer> lines = new HashMap<>();
    root.ifPresent(node -> walk(node, "", lines));
    return new YamlLines(lines);
  }

  private static void walk(Node node, String pointer, Map<String, Integer> lines) {
    lines.putIfAbsent(pointer, node.getStartMark().getLine() + 1);
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key) {
          String field = pointer + "/" + key.getValue();
          lines.putIfAbsent(field, key.getStartMark().getLine() + 1);
          walk(tuple.getValueNode(), field, lines);
        }
      }
    } else if (node instanceof SequenceNode sequence) {
      for (int i = 0; i < sequence.getValue().size(); i++) {
        walk(sequence.getValue().get(i), pointer + "/" + i, lines);
      }
    }
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
