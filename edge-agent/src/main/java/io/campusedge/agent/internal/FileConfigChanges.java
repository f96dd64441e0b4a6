package io.campusedge.agent.internal;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.ConfigException;
import io.campusedge.agent.internal.command.ConfigChanges;
import io.campusedge.agent.internal.command.Outcome;
import io.campusedge.agent.internal.config.ConfigFile;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.SiteKey;
import io.campusedge.protos.v1.ConfigChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration change from the hub: validated like the file at start-up, refused if it touches
 * more than rooms and devices (those need a restart), written back to the file atomically, then
 * applied to the running devices. Nothing is applied when the file cannot be written.
 */
final class FileConfigChanges implements ConfigChanges {
  private static final Logger log = LoggerFactory.getLogger(FileConfigChanges.class);
  private static final byte[] PROBE_UID = {1, 2, 3, 4};

  private final ConfigFile file;
  private final LiveDevices devices;

  FileConfigChanges(ConfigFile file, LiveDevices devices) {
    this.file = file;
    this.devices = devices;
  }

  @Override
  public Outcome apply(ConfigChange change) {
    ConfigFile.Edited edited;
    try {
      if (!change.getConfigYaml().isEmpty() && change.getDeviceChangesCount() > 0) {
        return Outcome.rejected(
            "give config_yaml or device_changes, not both; nothing was changed");
      }
      if (!change.getConfigYaml().isEmpty()) {
        edited = file.replace(change.getConfigYaml().toString(StandardCharsets.UTF_8));
      } else if (change.getDeviceChangesCount() > 0) {
        edited = file.edit(change.getDeviceChangesList());
      } else {
        return Outcome.rejected("the configuration change is empty; nothing was changed");
      }
    } catch (ConfigException e) {
      return Outcome.rejected(
          "the new configuration is not valid, nothing was changed: "
              + String.join("; ", e.problems()));
    }
    List<String> needRestart = differencesNeedingRestart(devices.config(), edited.config());
    if (!needRestart.isEmpty()) {
      return Outcome.rejected(
          "changes to "
              + String.join(", ", needRestart)
              + " need a restart of the agent and are not applied live; nothing was changed");
    }
    try {
      file.write(edited.text());
    } catch (IOException e) {
      log.error("Configuration change not applied: cannot write {}: {}", file.path(), e.toString());
      return Outcome.failed(
          "cannot write "
              + file.path()
              + " ("
              + e.getMessage()
              + "; is the disk full or the file read-only?); nothing was changed");
    }
    try {
      String applied = devices.apply(edited.config());
      String version =
          change.getConfigVersion().isEmpty() ? "" : " (version " + change.getConfigVersion() + ")";
      return Outcome.ok(applied + "; saved to " + file.path() + version);
    } catch (DriverConfigException e) {
      return Outcome.failed(
          "saved to " + file.path() + " but a driver could not be created: " + e.getMessage());
    }
  }

  /** Everything but rooms and devices is read once at start. */
  static List<String> differencesNeedingRestart(AgentConfig running, AgentConfig next) {
    List<String> fields = new ArrayList<>();
    check(fields, "site", running.site(), next.site());
    check(fields, "gatewayId", running.gatewayId(), next.gatewayId());
    check(fields, "dataDir", running.dataDir(), next.dataDir());
    check(fields, "broker", running.broker(), next.broker());
    check(fields, "uplink", running.uplink(), next.uplink());
    check(fields, "clock", running.clock(), next.clock());
    check(fields, "outbox", running.outbox(), next.outbox());
    check(fields, "status", running.status(), next.status());
    // The hub must never be able to swap the keys its own update offers are checked against.
    check(fields, "update", running.update(), next.update());
    if (!sameKey(running.siteKey(), next.siteKey())) {
      fields.add("siteKey");
    }
    return fields;
  }

  private static void check(List<String> fields, String name, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      fields.add(name);
    }
  }

  /** SiteKey has no equals; the same id hashing a UID the same way is the same key. */
  private static boolean sameKey(Optional<SiteKey> a, Optional<SiteKey> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() == b.isEmpty();
    }
    return a.get().id().equals(b.get().id())
        && Arrays.equals(a.get().reference(PROBE_UID), b.get().reference(PROBE_UID));
  }
}
