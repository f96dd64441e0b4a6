package io.campusedge.hub.internal.attendance;

import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.SiteKey;
import io.campusedge.hub.internal.security.SiteKeys;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.protos.v1.CardReferences;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attendance cards: a card is registered by tapping it at a reader that an administrator put in
 * enrolment mode for a student or teacher. The hub only ever sees the card's reference (an HMAC of
 * its UID under the school's key), so a registration is for that school's key; a card already
 * registered to someone fails the enrolment instead of moving silently.
 */
@Singleton
public class Cards {
  private static final Logger LOG = LoggerFactory.getLogger(Cards.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A registered card as listed: only a short prefix of its reference. */
  @Serdeable
  public record RegisteredCard(
      String refPrefix, String keyId, String userId, Instant registeredAt, String registeredBy) {}

  /** What a registration from a UID list did. */
  @Serdeable
  public record UidRegistration(int registered, int alreadyRegistered, String keyId) {}

  private final DataSource dataSource;
  private final AttendanceConfig config;
  private final AuditLog audit;
  private final SiteKeys siteKeys;

  public Cards(DataSource dataSource, AttendanceConfig config, AuditLog audit, SiteKeys siteKeys) {
    this.dataSource = dataSource;
    this.config = config;
    this.audit = audit;
    this.siteKeys = siteKeys;
  }

  /**
   * Registers cards from a CSV of {@code userSourcedId,uid} (the UID in hex as the card supplier
   * lists it, 4, 7 or 10 bytes): the hub computes each card's reference with the school's current
   * key, as the gateways do, and keeps only the reference. All or nothing.
   */
  public UidRegistration registerUids(Caller caller, String site, byte[] csv) {
    caller.requireSite(site);
    caller.require(caller.role().isAdmin(), "register cards");
    List<ImportProblem> problems = new ArrayList<>();
    CsvRows rows =
        CsvRows.read("cards.csv", csv, java.util.Set.of("userSourcedId", "uid"), problems);
    SiteKey key = siteKeys.current(site);
    Map<String, String> userByRef = new java.util.LinkedHashMap<>();
    Map<String, Long> lineByRef = new java.util.HashMap<>();
    for (CsvRows.Row row : rows.rows()) {
      Optional<String> user = row.required("userSourcedId");
      Optional<String> uid = row.required("uid");
      if (user.isEmpty() || uid.isEmpty()) {
        continue;
      }
      String hex = uid.get().replaceAll("[\\s:\\-]", "");
      if (!hex.matches("(?i)([0-9a-f]{8}|[0-9a-f]{14}|[0-9a-f]{20})")) {
        row.problem(
            "uid '" + uid.get() + "' is not a 4, 7 or 10 byte UID in hex (e.g. 04A1B2C3D4E5F6)");
        continue;
      }
      String ref =
          HexFormat.of().formatHex(CardReferences.of(key.key(), HexFormat.of().parseHex(hex)));
      Long first = lineByRef.putIfAbsent(ref, row.line());
      if (first != null) {
        row.problem("the same card is already on line " + first);
        continue;
      }
      userByRef.put(ref, user.get());
    }
    int[] counts = new int[2];
    if (problems.isEmpty()) {
      Sql.inTransaction(
          dataSource,
          connection -> {
            Instant now = Instant.now();
            for (Map.Entry<String, String> card : userByRef.entrySet()) {
              if (RosterStore.person(connection, site, card.getValue()).isEmpty()) {
                problems.add(
                    new ImportProblem(
                        "cards.csv",
                        lineByRef.get(card.getKey()),
                        "user '" + card.getValue() + "' is not in the roster"));
                continue;
              }
              Optional<String> holder = holder(connection, site, card.getKey());
              if (holder.isPresent()) {
                if (holder.get().equals(card.getValue())) {
                  counts[1]++;
                } else {
                  problems.add(
                      new ImportProblem(
                          "cards.csv",
                          lineByRef.get(card.getKey()),
                          "this card is already registered to user '" + holder.get() + "'"));
                }
                continue;
              }
              try (PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO card (site, card_ref, key_id, user_id, registered_at,"
                          + " registered_by) VALUES (?,?,?,?,?,?)")) {
                insert.setString(1, site);
                insert.setString(2, card.getKey());
                insert.setString(3, key.id());
                insert.setString(4, card.getValue());
                insert.setObject(5, Sql.utc(now));
                insert.setString(6, caller.auditName());
                insert.executeUpdate();
                counts[0]++;
              }
            }
            if (!problems.isEmpty()) {
              throw rejected(problems);
            }
            return null;
          });
    }
    if (!problems.isEmpty()) {
      throw rejected(problems);
    }
    audit.record(
        caller.auditName(),
        "card.register-uids",
        "site:" + site,
        List.of(site),
        Map.of("registered", counts[0], "alreadyRegistered", counts[1]));
    return new UidRegistration(counts[0], counts[1], key.id());
  }

  private static RejectedException rejected(List<ImportProblem> problems) {
    return new RejectedException(
        RejectedException.Kind.INVALID,
        "no card was registered: " + problems.size() + " problem(s) in the list",
        problems);
  }

  /**
   * Puts {@code readerId} in enrolment mode for {@code userId}; an earlier request is cancelled.
   */
  public CardEnrolment requestEnrolment(
      Caller caller, String site, String readerId, String userId) {
    caller.requireSite(site);
    caller.require(caller.role().isAdmin(), "register cards");
    if (readerId == null || readerId.isBlank() || userId == null || userId.isBlank()) {
      throw RejectedException.invalid("readerId and userId are required");
    }
    Instant now = Instant.now();
    CardEnrolment enrolment =
        Sql.inTransaction(
            dataSource,
            connection -> {
              Roster.Person person =
                  RosterStore.person(connection, site, userId)
                      .orElseThrow(
                          () ->
                              RejectedException.notFound(
                                  "user '" + userId + "' is not in the roster of " + site));
              if (!person.enabled()) {
                throw RejectedException.conflict("user '" + userId + "' is disabled in the roster");
              }
              if (!readerKnown(connection, site, readerId)) {
                throw RejectedException.notFound(
                    "reader '"
                        + readerId
                        + "' has not been reported by any gateway of "
                        + site
                        + " (see GET /api/v1/gateways)");
              }
              try (PreparedStatement cancel =
                  connection.prepareStatement(
                      "UPDATE card_enrolment SET state = 'CANCELLED', finished_at = ?,"
                          + " outcome = 'replaced by a newer request' WHERE site = ?"
                          + " AND reader_id = ? AND state = 'PENDING'")) {
                cancel.setObject(1, Sql.utc(now));
                cancel.setString(2, site);
                cancel.setString(3, readerId);
                cancel.executeUpdate();
              }
              String id = newId();
              Instant expires = now.plus(config.enrolmentTimeout());
              try (PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO card_enrolment (enrolment_id, site, reader_id, user_id,"
                          + " requested_by, requested_at, expires_at, state)"
                          + " VALUES (?,?,?,?,?,?,?,'PENDING')")) {
                insert.setString(1, id);
                insert.setString(2, site);
                insert.setString(3, readerId);
                insert.setString(4, userId);
                insert.setString(5, caller.auditName());
                insert.setObject(6, Sql.utc(now));
                insert.setObject(7, Sql.utc(expires));
                insert.executeUpdate();
              }
              return find(connection, id).orElseThrow();
            });
    audit.record(
        caller.auditName(),
        "card.enrolment.request",
        "reader:" + readerId,
        List.of(site),
        Map.of("user", userId, "enrolment", enrolment.id()));
    return enrolment;
  }

  public CardEnrolment enrolment(Caller caller, String site, String id) {
    caller.requireSite(site);
    caller.require(caller.role().isAdmin(), "register cards");
    return Sql.inTransaction(dataSource, connection -> find(connection, id))
        .filter(enrolment -> enrolment.site().equals(site))
        .orElseThrow(() -> RejectedException.notFound("no card enrolment " + id + " at " + site));
  }

  public List<RegisteredCard> cards(Caller caller, String site, Optional<String> userId) {
    caller.requireSite(site);
    caller.require(caller.role().isAdmin(), "list cards");
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<RegisteredCard> cards = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT card_ref, key_id, user_id, registered_at, registered_by FROM card"
                      + " WHERE site = ?"
                      + (userId.isPresent() ? " AND user_id = ?" : "")
                      + " ORDER BY user_id, registered_at")) {
            select.setString(1, site);
            if (userId.isPresent()) {
              select.setString(2, userId.get());
            }
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                cards.add(
                    new RegisteredCard(
                        rows.getString(1).substring(0, 8),
                        rows.getString(2),
                        rows.getString(3),
                        Sql.instant(rows.getObject(4)),
                        rows.getString(5)));
              }
            }
          }
          return cards;
        });
  }

  /** Unregisters every card of a user (card lost or left the school); returns how many. */
  public int unregister(Caller caller, String site, String userId) {
    caller.requireSite(site);
    caller.require(caller.role().isAdmin(), "unregister cards");
    int removed =
        Sql.inTransaction(
            dataSource,
            connection -> {
              try (PreparedStatement delete =
                  connection.prepareStatement("DELETE FROM card WHERE site = ? AND user_id = ?")) {
                delete.setString(1, site);
                delete.setString(2, userId);
                return delete.executeUpdate();
              }
            });
    if (removed == 0) {
      throw RejectedException.notFound("user '" + userId + "' has no registered card at " + site);
    }
    audit.record(
        caller.auditName(),
        "card.unregister",
        "user:" + userId,
        List.of(site),
        Map.of("cards", removed));
    return removed;
  }

  /**
   * If the reader waits in enrolment mode, registers the tapped card (or fails the enrolment when
   * the card is someone's already) and returns true: the tap is used up. In the ingest transaction.
   */
  boolean completeEnrolment(
      Connection connection,
      String site,
      String readerId,
      String cardRef,
      String keyId,
      Instant now)
      throws SQLException {
    Optional<CardEnrolment> pending = pending(connection, site, readerId, now);
    if (pending.isEmpty()) {
      return false;
    }
    CardEnrolment enrolment = pending.get();
    Optional<String> holder = holder(connection, site, cardRef);
    if (holder.isPresent()) {
      finish(
          connection,
          enrolment.id(),
          CardEnrolment.State.FAILED,
          "this card is already registered to user '"
              + holder.get()
              + "'; unregister it there first",
          null,
          now);
      LOG.info(
          "Card enrolment {} at {} failed: the card is registered to another user",
          enrolment.id(),
          site);
      return true;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO card (site, card_ref, key_id, user_id, registered_at, registered_by)"
                + " VALUES (?,?,?,?,?,?)")) {
      insert.setString(1, site);
      insert.setString(2, cardRef);
      insert.setString(3, keyId.isEmpty() ? "-" : keyId);
      insert.setString(4, enrolment.userId());
      insert.setObject(5, Sql.utc(now));
      insert.setString(6, enrolment.requestedBy());
      insert.executeUpdate();
    }
    finish(connection, enrolment.id(), CardEnrolment.State.REGISTERED, null, cardRef, now);
    LOG.info("Card enrolment {} at {}: card registered", enrolment.id(), site);
    return true;
  }

  static Optional<String> holder(Connection connection, String site, String cardRef)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT user_id FROM card WHERE site = ? AND card_ref = ?")) {
      select.setString(1, site);
      select.setString(2, cardRef);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }

  private static boolean readerKnown(Connection connection, String site, String readerId)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM device WHERE site = ? AND device_id = ?")) {
      select.setString(1, site);
      select.setString(2, readerId);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  private static Optional<CardEnrolment> pending(
      Connection connection, String site, String readerId, Instant now) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT enrolment_id FROM card_enrolment WHERE site = ? AND reader_id = ?"
                + " AND state = 'PENDING' AND expires_at > ? ORDER BY requested_at DESC")) {
      select.setString(1, site);
      select.setString(2, readerId);
      select.setObject(3, Sql.utc(now));
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? find(connection, row.getString(1)) : Optional.empty();
      }
    }
  }

  private static void finish(
      Connection connection,
      String id,
      CardEnrolment.State state,
      String outcome,
      String cardRef,
      Instant now)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE card_enrolment SET state = ?, outcome = ?, card_ref = ?, finished_at = ?"
                + " WHERE enrolment_id = ?")) {
      update.setString(1, state.name());
      update.setString(2, outcome);
      update.setString(3, cardRef);
      update.setObject(4, Sql.utc(now));
      update.setString(5, id);
      update.executeUpdate();
    }
  }

  private static Optional<CardEnrolment> find(Connection connection, String id)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT enrolment_id, site, reader_id, user_id, requested_by, requested_at,"
                + " expires_at, state, outcome, finished_at FROM card_enrolment"
                + " WHERE enrolment_id = ?")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new CardEnrolment(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                Sql.instant(row.getObject(6)),
                Sql.instant(row.getObject(7)),
                CardEnrolment.State.valueOf(row.getString(8)),
                Optional.ofNullable(row.getString(9)),
                Optional.ofNullable(row.getObject(10)).map(Sql::instant)));
      }
    }
  }

  private static String newId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return "ce" + HexFormat.of().formatHex(bytes);
  }
}
