package io.campusedge.hub.internal.command;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.ingest.BrokerConnection;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.campusedge.hub.internal.store.RegisteredGateway;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.protos.v1.Command;
import io.campusedge.protos.v1.CommandResult;
import io.campusedge.protos.v1.ConfigChange;
import io.campusedge.protos.v1.DeviceAction;
import io.campusedge.protos.v1.DeviceChange;
import io.campusedge.protos.v1.DeviceConfig;
import io.campusedge.protos.v1.PollIntervalChange;
import io.campusedge.protos.v1.Rebirth;
import io.campusedge.protos.v1.RestartDevice;
import io.campusedge.protos.v1.Topics;
import io.campusedge.protos.v1.UpdateOffer;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands to gateways: validated, stored, published on the gateway's {@code cmd} topic (QoS 1),
 * and matched with the gateway's {@code CommandResult} on {@code cmd/result}. Only a gateway's own
 * result topic can answer its commands (the broker's ACL, and the id is checked against the topic).
 * Administrators and technicians of the gateway's school may send them; every one is audited.
 */
@Singleton
public class GatewayCommands {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayCommands.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(10);
  private static final Duration ANSWER_GRACE = Duration.ofMinutes(1);
  private static final String COLUMNS =
      "command_id, site, gateway_id, kind, summary, issued_by, issued_at, expires_at, status,"
          + " message, answered_at";

  private final DataSource dataSource;
  private final GatewayRegistry registry;
  private final BrokerConnection broker;
  private final AuditLog audit;
  private final JsonMapper json;
  private final Clock clock = Clock.systemUTC();

  public GatewayCommands(
      DataSource dataSource,
      GatewayRegistry registry,
      BrokerConnection broker,
      AuditLog audit,
      JsonMapper json) {
    this.dataSource = dataSource;
    this.registry = registry;
    this.broker = broker;
    this.audit = audit;
    this.json = json;
  }

  /** Sends a command; SENT, or NOT_SENT when the hub's broker connection cannot take it now. */
  public SentCommand send(Caller caller, String gatewayId, CommandRequest request) {
    RegisteredGateway gateway = visibleGateway(caller, gatewayId);
    caller.require(
        caller.role().seesGateways(), "send commands to gateways (administrators, technicians)");
    if (request == null || request.type() == null) {
      throw RejectedException.invalid(
          "type is required: rebirth, restart-device, device-action, remove-device,"
              + " set-poll-interval, add-device or update-offer");
    }
    Instant now = clock.instant();
    int seconds =
        request.expiresInSeconds() == null
            ? (int) DEFAULT_EXPIRY.toSeconds()
            : request.expiresInSeconds();
    if (seconds < 5 || seconds > 7 * 24 * 3600) {
      throw RejectedException.invalid(
          "expiresInSeconds " + seconds + " is not within 5 s - 7 days");
    }
    Instant expires = now.plusSeconds(seconds);
    String id = "cmd-" + HexFormat.of().formatHex(randomBytes(10));
    Command.Builder command =
        Command.newBuilder()
            .setId(id)
            .setIssuedTimeMs(now.toEpochMilli())
            .setExpiresTimeMs(expires.toEpochMilli());
    String kind = request.type().strip().toLowerCase(Locale.ROOT);
    String summary = build(kind, request, command);
    boolean sent =
        broker.publish(
            Topics.topic(gateway.site(), gatewayId, Topics.Kind.CMD),
            command.build().toByteArray());
    String status = sent ? "SENT" : "NOT_SENT";
    String message = sent ? null : "the hub is not connected to the broker now; try again";
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO gateway_command (command_id, site, gateway_id, kind, summary,"
                      + " issued_by, issued_at, expires_at, status, message)"
                      + " VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            insert.setString(1, id);
            insert.setString(2, gateway.site());
            insert.setString(3, gatewayId);
            insert.setString(4, kind);
            insert.setString(5, Sql.fitColumn(summary, 512));
            insert.setString(6, caller.auditName());
            insert.setObject(7, Sql.utc(now));
            insert.setObject(8, Sql.utc(expires));
            insert.setString(9, status);
            insert.setString(10, message);
            return insert.executeUpdate();
          }
        });
    audit.record(
        caller.auditName(),
        "gateway.command",
        "gateway:" + gatewayId,
        List.of(gateway.site()),
        Map.of("command", id, "kind", kind, "summary", summary, "status", status));
    return find(id).orElseThrow();
  }

  /** The gateway's commands, newest first. */
  public List<SentCommand> list(Caller caller, String gatewayId, int limit) {
    visibleGateway(caller, gatewayId);
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM gateway_command WHERE gateway_id = ?"
                      + " ORDER BY issued_at DESC")) {
            select.setString(1, gatewayId);
            select.setMaxRows(limit);
            List<SentCommand> commands = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                commands.add(command(rows));
              }
            }
            return commands;
          }
        });
  }

  public SentCommand get(Caller caller, String id) {
    SentCommand command =
        find(id).orElseThrow(() -> RejectedException.notFound("no command " + id));
    if (!caller.canSee(command.site()) || !caller.role().seesGateways()) {
      throw RejectedException.notFound("no command " + id);
    }
    return command;
  }

  /** A gateway's CommandResult from {@code .../cmd/result}; unknown or foreign ids are ignored. */
  public void result(Topics.Address topic, byte[] payload) {
    CommandResult result;
    try {
      result = CommandResult.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      LOG.warn(
          "Malformed command result from {}/{}: {}", topic.site(), topic.gateway(), e.getMessage());
      return;
    }
    String status = result.getStatus().name().replace("COMMAND_STATUS_", "");
    int updated =
        Sql.inTransaction(
            dataSource,
            connection -> {
              try (PreparedStatement update =
                  connection.prepareStatement(
                      "UPDATE gateway_command SET status = ?, message = ?, answered_at = ?"
                          + " WHERE command_id = ? AND gateway_id = ? AND site = ?"
                          + " AND status = 'SENT'")) {
                update.setString(1, status);
                update.setString(2, Sql.fitColumn(result.getMessage(), 1024));
                update.setObject(3, Sql.utc(clock.instant()));
                update.setString(4, result.getCommandId());
                update.setString(5, topic.gateway());
                update.setString(6, topic.site());
                return update.executeUpdate();
              }
            });
    if (updated == 0) {
      LOG.debug(
          "Result {} for command {} from {} matches no command waiting for it",
          status,
          result.getCommandId(),
          topic.gateway());
    } else {
      LOG.info(
          "Command {} on {}: {} {}",
          result.getCommandId(),
          topic.gateway(),
          status,
          result.getMessage());
    }
  }

  private RegisteredGateway visibleGateway(Caller caller, String gatewayId) {
    return registry
        .find(gatewayId)
        .filter(g -> caller.canSee(g.site()))
        .orElseThrow(
            () -> RejectedException.notFound("no gateway '" + gatewayId + "' in your schools"));
  }

  private String build(String kind, CommandRequest request, Command.Builder command) {
    switch (kind) {
      case "rebirth" -> {
        command.setRebirth(Rebirth.getDefaultInstance());
        return "rebirth";
      }
      case "restart-device" -> {
        String device = required("deviceId", request.deviceId());
        command.setRestartDevice(RestartDevice.newBuilder().setDeviceId(device));
        return "restart device " + device;
      }
      case "device-action" -> {
        String device = required("deviceId", request.deviceId());
        String action = required("action", request.action());
        Map<String, String> parameters =
            request.parameters() == null ? Map.of() : request.parameters();
        command.setDeviceAction(
            DeviceAction.newBuilder()
                .setDeviceId(device)
                .setAction(action)
                .putAllParameters(parameters));
        return "device " + device + ": " + action + " " + parameters;
      }
      case "remove-device" -> {
        String device = required("deviceId", request.deviceId());
        command.setConfigChange(
            ConfigChange.newBuilder()
                .addDeviceChanges(DeviceChange.newBuilder().setRemoveDeviceId(device)));
        return "remove device " + device;
      }
      case "set-poll-interval" -> {
        String device = required("deviceId", request.deviceId());
        long interval = pollInterval(request.pollIntervalMs(), true);
        command.setConfigChange(
            ConfigChange.newBuilder()
                .addDeviceChanges(
                    DeviceChange.newBuilder()
                        .setSetPollInterval(
                            PollIntervalChange.newBuilder()
                                .setDeviceId(device)
                                .setPollIntervalMs(interval))));
        return "poll " + device + " every " + interval + " ms";
      }
      case "add-device" -> {
        String device = required("deviceId", request.deviceId());
        String type = required("deviceType", request.deviceType());
        DeviceConfig.Builder config =
            DeviceConfig.newBuilder()
                .setDeviceId(device)
                .setType(type)
                .setPollIntervalMs(pollInterval(request.pollIntervalMs(), false));
        if (request.roomId() != null) {
          config.setRoomId(request.roomId());
        }
        if (request.params() != null) {
          try {
            config.setParamsJson(json.writeValueAsString(request.params()));
          } catch (IOException e) {
            throw RejectedException.invalid("params is not a JSON object: " + e.getMessage());
          }
        }
        command.setConfigChange(
            ConfigChange.newBuilder()
                .addDeviceChanges(DeviceChange.newBuilder().setAddDevice(config)));
        return "add device " + device + " (" + type + ")";
      }
      case "update-offer" -> {
        String version = required("version", request.version());
        String url = required("url", request.url());
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
          throw RejectedException.invalid("url must be an https:// address of the bundle");
        }
        String hex = required("sha256", request.sha256());
        if (!hex.matches("[0-9a-fA-F]{64}")) {
          throw RejectedException.invalid("sha256 must be 64 hex digits (the bundle's SHA-256)");
        }
        UpdateOffer.Builder offer =
            UpdateOffer.newBuilder()
                .setVersion(version)
                .setUrl(url)
                .setSha256(ByteString.copyFrom(HexFormat.of().parseHex(hex)));
        if (request.signature() != null && !request.signature().isBlank()) {
          try {
            offer.setSignature(
                ByteString.copyFrom(Base64.getDecoder().decode(request.signature().strip())));
          } catch (IllegalArgumentException e) {
            throw RejectedException.invalid("signature is not base64: " + e.getMessage());
          }
        }
        command.setUpdateOffer(offer);
        return "update to " + version + " from " + url;
      }
      default ->
          throw RejectedException.invalid(
              "type '"
                  + request.type()
                  + "' is not one of rebirth, restart-device, device-action, remove-device,"
                  + " set-poll-interval, add-device, update-offer");
    }
  }

  private static long pollInterval(Long value, boolean required) {
    if (value == null) {
      if (required) {
        throw RejectedException.invalid("pollIntervalMs is required");
      }
      return 0;
    }
    if (value < 100 || value > 86_400_000L) {
      throw RejectedException.invalid("pollIntervalMs " + value + " is not within 100 ms - 1 day");
    }
    return value;
  }

  private static String required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw RejectedException.invalid(name + " is required");
    }
    return value.strip();
  }

  private Optional<SentCommand> find(String id) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM gateway_command WHERE command_id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(command(row)) : Optional.empty();
            }
          }
        });
  }

  private SentCommand command(ResultSet row) throws SQLException {
    Instant expires = Sql.instant(row.getObject(8));
    String status = row.getString(9);
    if (status.equals("SENT") && clock.instant().isAfter(expires.plus(ANSWER_GRACE))) {
      status = "NO_ANSWER";
    }
    return new SentCommand(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getString(5),
        row.getString(6),
        Sql.instant(row.getObject(7)).toString(),
        expires.toString(),
        status,
        row.getString(10),
        Optional.ofNullable(row.getObject(11))
            .map(Sql::instant)
            .map(Instant::toString)
            .orElse(null));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
