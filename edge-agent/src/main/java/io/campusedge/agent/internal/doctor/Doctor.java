package io.campusedge.agent.internal.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.ConfigException;
import io.campusedge.agent.internal.outbox.CorruptOutboxException;
import io.campusedge.agent.internal.outbox.OutboxException;
import io.campusedge.agent.internal.outbox.OutboxInUseException;
import io.campusedge.agent.internal.outbox.OutboxReader;
import io.campusedge.agent.internal.outbox.OutboxSnapshot;
import io.campusedge.agent.internal.update.Versions;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.bus.Buses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The checks of {@code campusedge-agent doctor}, in the order a technician fixes things:
 * configuration, device files and groups, devices, broker, clock, disk, outbox, secret files.
 */
public final class Doctor {
  private final DriverRegistry registry;
  private final DoctorEnvironment env;

  public Doctor(DriverRegistry registry, DoctorEnvironment env) {
    this.registry = registry;
    this.env = env;
  }

  public List<Check> run(Path configFile) {
    List<Check> checks = new ArrayList<>();
    AgentConfig config;
    try {
      config = new AgentConfigLoader(registry).load(configFile);
      checks.add(Check.ok("config " + configFile, "parses and validates"));
    } catch (ConfigException e) {
      for (String problem : e.problems()) {
        checks.add(
            Check.fail(
                "config",
                problem,
                "fix that line, then check with: campusedge-agent config validate " + configFile));
      }
      checks.addAll(secretFiles(configFile));
      return checks;
    }
    checks.addAll(deviceFiles(config));
    checks.addAll(devices(config));
    checks.add(new BrokerProbe(env.clock(), env.timeout()).probe(config));
    checks.add(clock());
    checks.add(disk(config, () -> usableSpace(config.dataDir())));
    checks.add(outbox(config));
    checks.add(updates(config));
    checks.addAll(secretFiles(configFile));
    return checks;
  }

  /** Signed updates: on or off, one waiting for confirmation, or the last rollback and why. */
  Check updates(AgentConfig config) {
    Versions versions = new Versions(config.versionsDir());
    try {
      var pending = versions.pending();
      if (pending.isPresent()) {
        return Check.warn(
            "updates",
            "update to "
                + pending.get().version()
                + " waiting for confirmation (started "
                + versions.attempts()
                + " of "
                + pending.get().maxAttempts()
                + " times, deadline "
                + pending.get().deadline()
                + ")",
            "wait: it is kept once online with data acknowledged, else the previous version"
                + " returns by itself");
      }
      var rollback = versions.lastRollback();
      if (rollback.isPresent()) {
        return Check.warn(
            "updates",
            "rolled back from "
                + rollback.get().from()
                + " to "
                + rollback.get().to()
                + " at "
                + rollback.get().time()
                + ": "
                + rollback.get().reason(),
            "tell the hub administrator; " + rollback.get().from() + " is not installed again");
      }
      return Check.ok(
          "updates",
          "running "
              + versions.current()
              + (config.update().enabled()
                  ? ", signed updates on (" + config.update().trustedKeys().size() + " key(s))"
                  : ", updates off (no update.trustedKeys)"));
    } catch (RuntimeException e) {
      return Check.warn(
          "updates", "cannot read " + versions.dir() + ": " + e.getMessage(), "check the folder");
    }
  }

  List<Check> deviceFiles(AgentConfig config) {
    List<Check> checks = new ArrayList<>();
    Set<String> groups = env.groupsOf().apply(env.user());
    for (BusNeeds.Need need : BusNeeds.of(config.devices())) {
      String name = need.kind() + " " + need.path();
      Path file = env.path(need.path());
      if (!Files.exists(file)) {
        checks.add(
            Check.fail(name, "missing (needed by " + need.devices() + ")", missingFix(need)));
        continue;
      }
      Optional<String> problem;
      try {
        problem = FileAccess.readWriteProblem(file, env.user(), groups);
      } catch (IOException e) {
        problem = Optional.of("cannot be checked: " + e.getMessage());
      }
      if (problem.isPresent()) {
        checks.add(
            Check.fail(
                name,
                problem.get(),
                "add the service user to the "
                    + need.group()
                    + " group: sudo adduser "
                    + env.user()
                    + " "
                    + need.group()
                    + ", then reboot"));
      } else if (!groups.contains(need.group()) && !env.user().equals("root")) {
        checks.add(
            Check.warn(
                name,
                "usable, but user " + env.user() + " is not in group " + need.group(),
                "sudo adduser " + env.user() + " " + need.group() + " so it keeps working"));
      } else {
        checks.add(Check.ok(name, "present, read/write for " + env.user()));
      }
    }
    return checks;
  }

  private static String missingFix(BusNeeds.Need need) {
    return switch (need.group()) {
      case "i2c" -> "enable I2C: sudo raspi-config nonint do_i2c 0, then reboot";
      case "spi" -> "enable SPI: sudo raspi-config nonint do_spi 0, then reboot";
      case "input" ->
          "plug in the USB card reader, or fix 'device' (ls /dev/input/by-id/ lists readers)";
      case "dialout" -> "plug in the USB serial cable, or fix 'serialPort' (ls /dev/ttyUSB*)";
      default -> "this is not a Raspberry Pi with GPIO, or the kernel is too old; update it";
    };
  }

  List<Check> devices(AgentConfig config) {
    List<Check> checks = new ArrayList<>();
    if (config.devices().isEmpty()) {
      checks.add(Check.warn("devices", "no devices configured", "add devices: to agent.yaml"));
      return checks;
    }
    Buses buses = env.buses().get();
    try {
      DeviceProbe probe = new DeviceProbe(registry, env);
      for (AgentConfig.Device device : config.devices()) {
        checks.add(probe.probe(config, device, buses));
      }
    } finally {
      if (buses instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // Closing the buses after the probes cannot change their results.
        }
      }
    }
    return checks;
  }

  Check clock() {
    Optional<Boolean> synced = env.clockSynced().get();
    if (synced.isEmpty()) {
      return Check.warn(
          "clock",
          "cannot tell whether the clock is synchronised (no timedatectl, no timesyncd)",
          "check the time by hand (date) and enable NTP: sudo timedatectl set-ntp true");
    }
    if (!synced.get()) {
      return Check.fail(
          "clock",
          "not synchronised: readings are marked unsynced",
          "check the network, then sudo timedatectl set-ntp true; see timedatectl status");
    }
    return Check.ok("clock", "synchronised (NTP)");
  }

  /**
   * FAIL below the outbox's attendance reserve (card taps would be held in memory only), WARN below
   * twice that.
   */
  Check disk(AgentConfig config, LongSupplier usable) {
    long reserve = config.outbox().attendanceReserveBytes();
    long free = usable.getAsLong();
    String name = "disk " + config.dataDir();
    if (free < 0) {
      return Check.warn(name, "free space cannot be read", "check that dataDir exists");
    }
    String detail = mib(free) + " free (reserve " + mib(reserve) + ")";
    String fix =
        "free space: sudo journalctl --vacuum-size=50M, remove old files in "
            + config.dataDir()
            + " other than outbox*";
    if (free < reserve) {
      return Check.fail(name, detail, fix);
    }
    if (free < 2 * reserve) {
      return Check.warn(name, detail + ", less than twice the reserve", fix);
    }
    return Check.ok(name, detail);
  }

  private static long usableSpace(Path dataDir) {
    try {
      Path existing = dataDir.toAbsolutePath();
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      return existing == null ? -1 : Files.getFileStore(existing).getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }

  private static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }

  Check outbox(AgentConfig config) {
    String name = "outbox";
    if (!Files.exists(OutboxReader.liveFile(config.dataDir()))) {
      return Check.ok(name, "no outbox file yet (created when the agent first runs)");
    }
    try (OutboxReader reader = OutboxReader.open(config.dataDir())) {
      OutboxSnapshot s = reader.snapshot();
      String detail = OutboxText.summary(s, env.clock().millis());
      if (s.corruptFilesKept() > 0) {
        return Check.warn(
            name,
            detail,
            "damaged outbox files were kept in "
                + config.dataDir()
                + "; keep them for recovery, see the technician guide");
      }
      return Check.ok(name, detail);
    } catch (OutboxInUseException e) {
      return Check.warn(
          name,
          "agent running, outbox in use",
          "this is normal while the agent runs; see its outbox with: campusedge-agent status");
    } catch (CorruptOutboxException e) {
      return Check.fail(
          name,
          e.getMessage(),
          "start the agent: it moves the file aside (kept) and starts a new outbox; save the"
              + " damaged file for recovery first (campusedge-agent outbox export cannot read it)");
    } catch (OutboxException e) {
      return Check.fail(name, e.getMessage(), "check the owner and mode of " + config.dataDir());
    }
  }

  /** broker.passwordFile, siteKey.file and broker.clientKeyFile: present, mode 600. */
  List<Check> secretFiles(Path configFile) {
    List<Check> checks = new ArrayList<>();
    JsonNode tree;
    try {
      tree = new ObjectMapper(new YAMLFactory()).readTree(configFile.toFile());
    } catch (IOException e) {
      return checks;
    }
    if (tree == null) {
      return checks;
    }
    Path dir = configFile.toAbsolutePath().getParent();
    secret(checks, dir, tree.path("broker").path("passwordFile"), "MQTT password file");
    secret(checks, dir, tree.path("siteKey").path("file"), "site key file");
    secret(checks, dir, tree.path("broker").path("clientKeyFile"), "client key file");
    return checks;
  }

  private void secret(List<Check> checks, Path dir, JsonNode value, String what) {
    if (!value.isTextual()) {
      return;
    }
    Path file = dir.resolve(value.asText());
    String name = what + " " + file;
    if (!Files.exists(file)) {
      checks.add(
          Check.fail(
              name,
              "missing",
              "provision the gateway again (campusedge-agent provision), or restore the file"));
      return;
    }
    try {
      PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class);
      Set<PosixFilePermission> mode = a.permissions();
      String fix = "sudo chown " + env.user() + " " + file + " && sudo chmod 600 " + file;
      boolean others =
          mode.contains(PosixFilePermission.OTHERS_READ)
              || mode.contains(PosixFilePermission.OTHERS_WRITE);
      boolean group =
          mode.contains(PosixFilePermission.GROUP_READ)
              || mode.contains(PosixFilePermission.GROUP_WRITE);
      String perms = PosixFilePermissions.toString(mode);
      if (others) {
        checks.add(Check.fail(name, "readable by every user (mode " + perms + ")", fix));
      } else if (!a.owner().getName().equals(env.user()) && !env.user().equals("root")) {
        checks.add(
            Check.fail(
                name,
                "owned by " + a.owner().getName() + ", the agent runs as " + env.user(),
                fix));
      } else if (group) {
        checks.add(
            Check.warn(name, "readable by group " + a.group().getName() + " (" + perms + ")", fix));
      } else {
        checks.add(Check.ok(name, "mode " + perms + ", owner " + a.owner().getName()));
      }
    } catch (IOException | UnsupportedOperationException e) {
      checks.add(Check.warn(name, "mode cannot be read: " + e.getMessage(), "ls -l " + file));
    }
  }
}
