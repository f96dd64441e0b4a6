package io.campusedge.agent.internal.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.ConfigException;
import io.campusedge.protos.v1.DeviceChange;
import io.campusedge.protos.v1.DeviceConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * The configuration file a running agent was started from, changed by hub commands. Every change is
 * validated by the same loader as at start-up, then written atomically (temporary file in the same
 * folder, fsync, rename, fsync of the folder), so a power cut leaves either the old or the new
 * file. Device edits rewrite the YAML, which drops its comments: the previous text is kept next to
 * it as {@code <name>.bak}.
 */
public final class ConfigFile {
  private final Path file;
  private final AgentConfigLoader loader;

  /**
   * Made at the first device edit from the hub, so a running agent does not carry Jackson's classes
   * until then (they cost about 6.5 MiB resident).
   */
  private static final class Mappers {
    static final ObjectMapper YAML =
        new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    static final ObjectMapper JSON = new ObjectMapper();
  }

  /** The validated configuration and the text it came from. */
  public record Edited(String text, AgentConfig config) {}

  public ConfigFile(Path file, AgentConfigLoader loader) {
    this.file = file;
    this.loader = loader;
  }

  public Path path() {
    return file;
  }

  /** The whole file replaced by {@code text}, validated. */
  public Edited replace(String text) throws ConfigException {
    return new Edited(text, validate(text));
  }

  /** The file as it is now with {@code changes} applied in order, validated. */
  public Edited edit(List<DeviceChange> changes) throws ConfigException {
    String current = read();
    ObjectNode root;
    try {
      JsonNode tree = Mappers.YAML.readTree(current);
      if (!(tree instanceof ObjectNode object)) {
        throw new ConfigException(file + ": the file is not a YAML mapping; fix it by hand first");
      }
      root = object;
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          file + ": the file is not valid YAML any more: " + e.getOriginalMessage());
    }
    ArrayNode devices =
        root.get("devices") instanceof ArrayNode list ? list : root.putArray("devices");
    for (DeviceChange change : changes) {
      apply(devices, change);
    }
    String text;
    try {
      text = Mappers.YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new ConfigException("cannot write the changed configuration: " + e.getMessage());
    }
    return new Edited(text, validate(text));
  }

  private void apply(ArrayNode devices, DeviceChange change) throws ConfigException {
    switch (change.getChangeCase()) {
      case ADD_DEVICE -> add(devices, change.getAddDevice());
      case REMOVE_DEVICE_ID -> devices.remove(indexOf(devices, change.getRemoveDeviceId()));
      case SET_POLL_INTERVAL -> {
        String id = change.getSetPollInterval().getDeviceId();
        long ms = change.getSetPollInterval().getPollIntervalMs();
        if (ms <= 0) {
          throw new ConfigException("device '" + id + "': poll_interval_ms must be positive");
        }
        ((ObjectNode) devices.get(indexOf(devices, id))).put("pollInterval", ms + "ms");
      }
      case CHANGE_NOT_SET -> throw new ConfigException("a device change names no change");
    }
  }

  private void add(ArrayNode devices, DeviceConfig device) throws ConfigException {
    String id = device.getDeviceId();
    if (id.isBlank()) {
      throw new ConfigException("add_device needs a device_id");
    }
    if (find(devices, id) >= 0) {
      throw new ConfigException(
          "device '" + id + "' already exists; remove it first or change its poll interval");
    }
    ObjectNode added = devices.addObject();
    added.put("id", id);
    added.put("type", device.getType());
    if (!device.getRoomId().isEmpty()) {
      added.put("room", device.getRoomId());
    }
    if (device.getPollIntervalMs() > 0) {
      added.put("pollInterval", device.getPollIntervalMs() + "ms");
    }
    if (!device.getParamsJson().isBlank()) {
      try {
        JsonNode params = Mappers.JSON.readTree(device.getParamsJson());
        if (!params.isObject()) {
          throw new ConfigException(
              "device '" + id + "': params_json must be a JSON object such as {\"seed\": 7}");
        }
        added.set("params", params);
      } catch (JsonProcessingException e) {
        throw new ConfigException(
            "device '" + id + "': params_json is not valid JSON: " + e.getOriginalMessage());
      }
    }
  }

  private static int indexOf(ArrayNode devices, String id) throws ConfigException {
    int index = find(devices, id);
    if (index < 0) {
      throw new ConfigException("no device '" + id + "' in the configuration");
    }
    return index;
  }

  private static int find(ArrayNode devices, String id) {
    for (int i = 0; i < devices.size(); i++) {
      if (id.equals(devices.get(i).path("id").asText(null))) {
        return i;
      }
    }
    return -1;
  }

  private AgentConfig validate(String text) throws ConfigException {
    return loader.parse(text, file.toString(), file.toAbsolutePath().getParent());
  }

  private String read() throws ConfigException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the configuration file (" + e + ")");
    }
  }

  /** Keeps the previous text as {@code <name>.bak}, then replaces the file atomically. */
  public void write(String text) throws IOException {
    if (Files.exists(file)) {
      String previous = Files.readString(file, StandardCharsets.UTF_8);
      if (previous.equals(text)) {
        return;
      }
      writeAtomically(file.resolveSibling(file.getFileName() + ".bak"), previous);
    }
    writeAtomically(file, text);
  }

  /** Temporary file, fsync, rename over the target, fsync of the folder; keeps the permissions. */
  static void writeAtomically(Path target, String text) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + target.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    copyPermissions(target, temp);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
      folder.force(true);
    } catch (IOException e) {
      // Some file systems cannot fsync a folder; the rename itself already happened.
    }
  }

  /** The file may hold a password: the new one gets the old one's permissions (e.g. 0600). */
  private static void copyPermissions(Path from, Path to) throws IOException {
    if (!Files.exists(from)) {
      return;
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(from);
      Files.setPosixFilePermissions(to, permissions);
    } catch (UnsupportedOperationException notPosix) {
      // Not a POSIX file system; nothing to keep.
    }
  }
}
