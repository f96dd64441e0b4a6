package io.campusedge.hub.internal.labs;

import io.campusedge.hub.internal.store.Sql;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the equipment states {@link EquipmentStates} keeps, with each device's room and type. */
@Singleton
public class Instruments {
  private final DataSource dataSource;
  private final Clock clock;

  public Instruments(DataSource dataSource) {
    this(dataSource, Clock.systemUTC());
  }

  Instruments(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /** Devices with an equipment state, of one site or all; only lab instruments if {@code lab}. */
  public List<Instrument> list(Optional<String> site, boolean lab) {
    String where = site.isPresent() ? " WHERE e.site = ?" : "";
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT e.site, e.gateway_id, e.device_id, d.room_id, d.device_type, d.model,"
                      + " s.online, e.state, e.state_since, e.run_id, e.run_started_at,"
                      + " e.runs_started, e.alarm_code, e.alarm_severity, e.alarm_message,"
                      + " e.alarm_since, e.operating_seconds, e.last_event_at"
                      + " FROM equipment_state e"
                      + " LEFT JOIN device d ON d.gateway_id = e.gateway_id"
                      + " AND d.device_id = e.device_id"
                      + " LEFT JOIN gateway_status s ON s.gateway_id = e.gateway_id"
                      + where
                      + " ORDER BY e.site, d.room_id, e.device_id")) {
            if (site.isPresent()) {
              select.setString(1, site.get());
            }
            Instant now = clock.instant();
            List<Instrument> instruments = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                Instrument instrument = instrument(rows, now);
                if (!lab || EquipmentStates.LAB_TYPES.contains(instrument.type())) {
                  instruments.add(instrument);
                }
              }
            }
            return instruments;
          }
        });
  }

  private static Instrument instrument(ResultSet row, Instant now) throws SQLException {
    String state = row.getString(8);
    Optional<Instant> stateSince = instant(row.getObject(9));
    long seconds = row.getLong(17);
    if (stateSince.isPresent()
        && EquipmentStates.operating(state)
        && now.isAfter(stateSince.get())) {
      seconds += Duration.between(stateSince.get(), now).toSeconds();
    }
    String alarmCode = row.getString(13);
    Instrument.Alarm alarm =
        alarmCode == null
            ? null
            : new Instrument.Alarm(
                alarmCode, row.getString(14), row.getString(15), text(row.getObject(16)));
    return new Instrument(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getString(5),
        row.getString(6),
        row.getBoolean(7),
        state,
        text(row.getObject(9)),
        row.getString(10),
        text(row.getObject(11)),
        row.getLong(12),
        alarm,
        Math.round(seconds / 36.0) / 100.0,
        text(row.getObject(18)));
  }

  private static Optional<Instant> instant(Object column) {
    return Optional.ofNullable(column).map(Sql::instant);
  }

  private static String text(Object column) {
    return instant(column).map(Instant::toString).orElse(null);
  }
}
