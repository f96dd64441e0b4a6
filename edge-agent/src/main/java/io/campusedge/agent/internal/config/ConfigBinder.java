package io.campusedge.agent.internal.config;

import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Binds {@code agent.yaml} to {@link RawConfig}'s records by component name with SnakeYAML's node
 * tree. It replaces a Jackson data binding that loaded ~550 classes into the agent for this one
 * file (measured with 10 devices: 6.5 MiB of the agent's resident memory, with the other uses of
 * Jackson made lazy). Values are read as Jackson's YAML binding read them: a text field gets the
 * scalar as written ({@code off}, {@code 010}), {@code params} gets YAML 1.1 types (int, float,
 * bool, null; dates stay text).
 */
public final class ConfigBinder {
  /** A problem at a line of the file; the message starts with the field's path. */
  public static final class BindingException extends Exception {
    private final int line;

    BindingException(int line, String message) {
      super(message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private final Values values = new Values();

  /** The document's root node; empty for an empty file. */
  public static Optional<Node> compose(String text) throws BindingException {
    try {
      return Optional.ofNullable(
          new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text)));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
      throw new BindingException(
          mark == null ? 1 : mark.getLine() + 1, "not valid YAML: " + firstLine(problem));
    } catch (YAMLException e) {
      throw new BindingException(1, "not valid YAML: " + firstLine(e.getMessage()));
    }
  }

  public <T extends Record> T bind(Node root, Class<T> type) throws BindingException {
    return type.cast(record(root, type, new ArrayList<>()));
  }

  private Object value(Node node, Type type, List<Object> path) throws BindingException {
    if (node.getTag().equals(Tag.NULL)) {
      return null;
    }
    Class<?> raw =
        type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw == String.class) {
      return scalar(node, path, "text").getValue();
    }
    if (raw == Integer.class) {
      return whole(node, path);
    }
    if (raw == Boolean.class) {
      return yesOrNo(node, path);
    }
    if (raw == List.class) {
      return list(node, ((ParameterizedType) type).getActualTypeArguments()[0], path);
    }
    if (raw == Map.class) {
      return untypedMap(mapping(node, path, "a map"));
    }
    if (raw.isRecord()) {
      return record(node, raw, path);
    }
    throw new IllegalStateException("no binding for " + type);
  }

  private Object record(Node node, Class<?> type, List<Object> path) throws BindingException {
    MappingNode mapping = mapping(node, path, "a map of fields");
    RecordComponent[] components = type.getRecordComponents();
    Map<String, Node> given = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String name = scalar(tuple.getKeyNode(), path, "a field name").getValue();
      boolean known = false;
      for (RecordComponent component : components) {
        known |= component.getName().equals(name);
      }
      if (!known) {
        TreeSet<String> names = new TreeSet<>();
        for (RecordComponent component : components) {
          names.add(component.getName());
        }
        throw new BindingException(
            line(tuple.getKeyNode()),
            "unknown field '"
                + fieldPath(with(path, name))
                + "' (known fields here: "
                + String.join(", ", names)
                + ")");
      }
      given.put(name, tuple.getValueNode());
    }
    Object[] arguments = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      types[i] = component.getType();
      Node value = given.get(component.getName());
      arguments[i] =
          value == null
              ? null
              : value(value, component.getGenericType(), with(path, component.getName()));
    }
    try {
      Constructor<?> constructor = type.getDeclaredConstructor(types);
      return constructor.newInstance(arguments);
    } catch (InvocationTargetException e) {
      throw new BindingException(line(node), fieldPath(path) + ": " + e.getCause().getMessage());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type, e);
    }
  }

  private List<Object> list(Node node, Type element, List<Object> path) throws BindingException {
    if (!(node instanceof SequenceNode sequence)) {
      throw mismatch(node, path, "a list");
    }
    List<Object> items = new ArrayList<>();
    for (Node item : sequence.getValue()) {
      items.add(value(item, element, with(path, items.size())));
    }
    return items;
  }

  /** Device parameters: their drivers check them, so they keep YAML's own types. */
  private Map<String, Object> untypedMap(MappingNode mapping) throws BindingException {
    Map<String, Object> map = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node key = tuple.getKeyNode();
      String name = key instanceof ScalarNode scalar ? scalar.getValue() : String.valueOf(key);
      map.put(name, untyped(tuple.getValueNode()));
    }
    return map;
  }

  private Object untyped(Node node) throws BindingException {
    if (node instanceof MappingNode mapping) {
      return untypedMap(mapping);
    }
    if (node instanceof SequenceNode sequence) {
      List<Object> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        items.add(untyped(item));
      }
      return items;
    }
    return values.of(node);
  }

  private Integer whole(Node node, List<Object> path) throws BindingException {
    ScalarNode scalar = scalar(node, path, "a whole number");
    Object value = scalar.getTag().equals(Tag.INT) ? values.of(scalar) : scalar.getValue().trim();
    try {
      return value instanceof Integer number ? number : Integer.valueOf(value.toString());
    } catch (NumberFormatException e) {
      throw new BindingException(
          line(node), fieldPath(path) + ": '" + scalar.getValue() + "' is not a whole number");
    }
  }

  private Boolean yesOrNo(Node node, List<Object> path) throws BindingException {
    ScalarNode scalar = scalar(node, path, "true or false");
    if (scalar.getTag().equals(Tag.BOOL)) {
      return (Boolean) values.of(scalar);
    }
    return switch (scalar.getValue().trim()) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new BindingException(
              line(node), fieldPath(path) + ": '" + scalar.getValue() + "' must be true or false");
    };
  }

  private static ScalarNode scalar(Node node, List<Object> path, String expected)
      throws BindingException {
    if (node instanceof ScalarNode scalar) {
      return scalar;
    }
    throw mismatch(node, path, expected);
  }

  private static MappingNode mapping(Node node, List<Object> path, String expected)
      throws BindingException {
    if (node instanceof MappingNode mapping) {
      return mapping;
    }
    throw mismatch(node, path, expected);
  }

  private static BindingException mismatch(Node node, List<Object> path, String expected) {
    String found =
        switch (node.getNodeId()) {
          case mapping -> "a map";
          case sequence -> "a list";
          default -> "'" + ((ScalarNode) node).getValue() + "'";
        };
    return new BindingException(
        line(node), fieldPath(path) + ": expected " + expected + ", found " + found);
  }

  private static List<Object> with(List<Object> path, Object segment) {
    List<Object> longer = new ArrayList<>(path);
    longer.add(segment);
    return longer;
  }

  /** {@code devices[1].id}, as the validator names fields. */
  private static String fieldPath(List<Object> path) {
    StringBuilder text = new StringBuilder();
    for (Object segment : path) {
      if (segment instanceof Integer index) {
        text.append('[').append(index).append(']');
      } else {
        text.append(text.length() == 0 ? "" : ".").append(segment);
      }
    }
    return text.length() == 0 ? "(top level)" : text.toString();
  }

  private static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable value";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** SnakeYAML's YAML 1.1 scalars, except timestamps, which stay text as Jackson left them. */
  private static final class Values extends SafeConstructor {
    Values() {
      super(new LoaderOptions());
      yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
    }

    Object of(Node node) {
      return constructObject(node);
    }
  }
}
