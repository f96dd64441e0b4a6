package io.campusedge.hub.internal.labs;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Record;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A device's history between two instants, read back from its stored equipment events: the states
 * it was in, the runs it did (with the attributes the driver gave) and its alarms, each with start
 * and end (null while it lasts past {@code to}).
 */
@Singleton
public class EquipmentTimeline {
  /** How far before {@code from} the state in force at {@code from} is looked for. */
  static final Duration LOOK_BACK = Duration.ofDays(7);

  static final Duration MAX_RANGE = Duration.ofDays(31);

  private final DataSource dataSource;

  public EquipmentTimeline(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A span of the timeline. */
  @Serdeable
  public record Span(
      String name,
      String from,
      @Nullable String to,
      @Nullable String severity,
      @Nullable String message,
      Map<String, String> attributes) {}

  @Serdeable
  public record Timeline(
      String site,
      String gatewayId,
      String deviceId,
      String from,
      String to,
      List<Span> states,
      List<Span> runs,
      List<Span> alarms) {}

  /** The site a device's equipment state belongs to, to check the caller may see it. */
  public Optional<String> siteOf(String gatewayId, String deviceId) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT site FROM equipment_state WHERE gateway_id = ? AND device_id = ?")) {
            select.setString(1, gatewayId);
            select.setString(2, deviceId);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  public Timeline of(String site, String gatewayId, String deviceId, Instant from, Instant to) {
    if (!to.isAfter(from)) {
      throw RejectedException.invalid("to (" + to + ") must be after from (" + from + ")");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw RejectedException.invalid("a timeline covers at most 31 days");
    }
    Builder timeline = new Builder(from);
    for (TimedEvent event : events(gatewayId, deviceId, from.minus(LOOK_BACK), to)) {
      timeline.apply(event.at(), event.event());
    }
    timeline.finish();
    return new Timeline(
        site,
        gatewayId,
        deviceId,
        from.toString(),
        to.toString(),
        timeline.states,
        timeline.runs,
        timeline.alarms);
  }

  private record TimedEvent(Instant at, EquipmentEvent event) {}

  private List<TimedEvent> events(String gatewayId, String deviceId, Instant from, Instant to) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<TimedEvent> events = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT source_time, received_at, payload FROM record WHERE gateway_id = ?"
                      + " AND device_id = ? AND kind = 'equipment_event'"
                      + " AND COALESCE(source_time, received_at) >= ?"
                      + " AND COALESCE(source_time, received_at) < ?"
                      + " ORDER BY COALESCE(source_time, received_at), epoch, seq")) {
            select.setString(1, gatewayId);
            select.setString(2, deviceId);
            select.setObject(3, Sql.utc(from));
            select.setObject(4, Sql.utc(to));
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                Object source = rows.getObject(1);
                Instant at = Sql.instant(source != null ? source : rows.getObject(2));
                Record record = Record.parseFrom(rows.getBytes(3));
                events.add(new TimedEvent(at, record.getEquipmentEvent()));
              }
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
              throw new IllegalStateException("a stored equipment event cannot be read", e);
            }
          }
          return events;
        });
  }

  /** Folds events in time order into spans, clipped to start at {@code from}. */
  private static final class Builder {
    final Instant from;
    final List<Span> states = new ArrayList<>();
    final List<Span> runs = new ArrayList<>();
    final List<Span> alarms = new ArrayList<>();
    private Open state;
    private Open run;
    private final Map<String, Open> openAlarms = new LinkedHashMap<>();

    Builder(Instant from) {
      this.from = from;
    }

    void apply(Instant at, EquipmentEvent event) {
      switch (event.getKind()) {
        case EQUIPMENT_EVENT_KIND_STATE_CHANGED -> {
          state = close(state, at, states);
          state = new Open(event.getState(), at, null, null, Map.of());
        }
        case EQUIPMENT_EVENT_KIND_RUN_STARTED -> {
          run = close(run, at, runs);
          run = new Open(event.getRunId(), at, null, null, event.getAttributesMap());
        }
        case EQUIPMENT_EVENT_KIND_RUN_STOPPED -> run = close(run, at, runs);
        case EQUIPMENT_EVENT_KIND_ALARM_RAISED ->
            openAlarms.putIfAbsent(
                event.getAlarmCode(),
                new Open(
                    event.getAlarmCode(),
                    at,
                    event.getSeverity().name().replace("SEVERITY_", ""),
                    event.getMessage(),
                    event.getAttributesMap()));
        case EQUIPMENT_EVENT_KIND_ALARM_CLEARED -> {
          Open alarm = openAlarms.remove(event.getAlarmCode());
          close(alarm, at, alarms);
        }
        default -> {}
      }
    }

    /** Spans still open at the end of the range: without an end. */
    void finish() {
      if (state != null) {
        states.add(state.span(from, null));
      }
      if (run != null) {
        runs.add(run.span(from, null));
      }
      openAlarms.values().forEach(alarm -> alarms.add(alarm.span(from, null)));
      alarms.sort(java.util.Comparator.comparing(Span::from));
    }

    /** Ends a span at {@code at}; spans that ended before {@code from} are left out. */
    private Open close(Open open, Instant at, List<Span> into) {
      if (open != null && at.isAfter(from)) {
        into.add(open.span(from, at));
      }
      return null;
    }

    private record Open(
        String name,
        Instant start,
        String severity,
        String message,
        Map<String, String> attributes) {
      Span span(Instant from, @Nullable Instant end) {
        Instant clipped = start.isBefore(from) ? from : start;
        return new Span(
            name,
            clipped.toString(),
            end == null ? null : end.toString(),
            severity,
            message == null || message.isEmpty() ? null : message,
            new HashMap<>(attributes));
      }
    }
  }
}
