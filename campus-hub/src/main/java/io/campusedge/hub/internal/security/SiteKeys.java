package io.campusedge.hub.internal.security;

import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.StoreException;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The schools' card-hashing keys, in the {@code site_key} table sealed under the {@link MasterKey}.
 * A school's first key ({@code k1}, 32 random bytes) is made when first needed; the newest is
 * current, older ones stay readable for matching card references made before a rotation.
 */
@Singleton
public class SiteKeys {
  static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataSource dataSource;
  private final MasterKey master;
  private final AuditLog audit;

  public SiteKeys(DataSource dataSource, MasterKey master, AuditLog audit) {
    this.dataSource = dataSource;
    this.master = master;
    this.audit = audit;
  }

  /** The school's current key, created ({@code k1}) if it has none yet. */
  public SiteKey current(String site) {
    Optional<SiteKey> existing = newest(site);
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    SiteKey created = new SiteKey(site, "k1", key);
    try {
      insert(created);
    } catch (StoreException raced) {
      // Another request or hub instance created it first (primary key): theirs is the key.
      return newest(site).orElseThrow(() -> raced);
    }
    audit.record("hub", "site-key.create", "site-key:" + site + "/k1", Set.of(site), Map.of());
    return created;
  }

  /** A key by id, for card references hashed with an older key. */
  public Optional<SiteKey> find(String site, String keyId) {
    return Sql.inTransaction(
        dataSource,
        connection ->
            select(
                connection,
                "SELECT key_id, nonce, sealed_key FROM site_key WHERE site = ? AND key_id = ?",
                site,
                keyId));
  }

  private Optional<SiteKey> newest(String site) {
    return Sql.inTransaction(
        dataSource,
        connection ->
            select(
                connection,
                "SELECT key_id, nonce, sealed_key FROM site_key WHERE site = ?"
                    + " ORDER BY created_at DESC, key_id DESC FETCH FIRST 1 ROWS ONLY",
                site));
  }

  private Optional<SiteKey> select(Connection connection, String sql, String... parameters)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setString(i + 1, parameters[i]);
      }
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        String keyId = row.getString(1);
        MasterKey.Sealed sealed =
            new MasterKey.Sealed(
                Base64.getDecoder().decode(row.getString(2)),
                Base64.getDecoder().decode(row.getString(3)));
        String site = parameters[0];
        return Optional.of(new SiteKey(site, keyId, master.open(sealed, aad(site, keyId))));
      }
    }
  }

  private void insert(SiteKey key) {
    MasterKey.Sealed sealed = master.seal(key.key(), aad(key.site(), key.id()));
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO site_key (site, key_id, nonce, sealed_key, created_at)"
                      + " VALUES (?,?,?,?,?)")) {
            insert.setString(1, key.site());
            insert.setString(2, key.id());
            insert.setString(3, Base64.getEncoder().encodeToString(sealed.nonce()));
            insert.setString(4, Base64.getEncoder().encodeToString(sealed.ciphertext()));
            insert.setObject(5, Sql.utc(Instant.now()));
            return insert.executeUpdate();
          }
        });
  }

  private static String aad(String site, String keyId) {
    return "site-key/" + site + "/" + keyId;
  }
}
