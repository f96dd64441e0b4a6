package io.campusedge.hub.internal.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.security.SiteKey;
import io.campusedge.hub.internal.security.SiteKeys;
import io.campusedge.hub.internal.security.TestMasterKeys;
import io.campusedge.hub.internal.store.TestDatabase;
import io.micronaut.json.JsonMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.AEADBadTagException;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Enrollment tokens and sealed site keys on H2 and PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class EnrollmentStoresTest {
  private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

  @Parameter TestDatabase database;
  private DataSource dataSource;
  private EnrollmentStore store;

  @BeforeEach
  void setUp() {
    dataSource = database.migrated();
    store = new EnrollmentStore(dataSource);
  }

  private EnrollmentSecret created(Instant expiresAt) {
    EnrollmentSecret secret = EnrollmentSecret.generate();
    store.create(secret, "s1", "A101", "gw-a101", "admin", NOW, expiresAt);
    return secret;
  }

  @Test
  void aTokenIsClaimedOnceAndItsSecretIsStoredOnlyAsAHash() throws Exception {
    EnrollmentSecret secret = created(NOW.plus(Duration.ofHours(24)));

    assertThat(store.pending(NOW)).extracting(Enrollment::id).containsExactly(secret.id());
    Claim first = store.claim(secret, NOW.plusSeconds(60));
    assertThat(first).isInstanceOf(Claim.Claimed.class);
    Enrollment used = ((Claim.Claimed) first).enrollment();
    assertThat(used.gatewayId()).isEqualTo("gw-a101");
    assertThat(used.usedAt()).contains(NOW.plusSeconds(60));

    Claim second = store.claim(secret, NOW.plusSeconds(61));
    assertThat(second).isEqualTo(new Claim.Refused(used, Claim.Reason.USED));
    assertThat(store.pending(NOW.plusSeconds(61))).isEmpty();
    assertThat(store.revoke(secret.id(), NOW.plusSeconds(62))).isFalse();
    assertThat(columnText("SELECT * FROM enrollment")).doesNotContain(secret.secret());
  }

  @Test
  void aWrongSecretOrUnknownIdIsUnknownAndExpiredOrRevokedTokensAreRefused() {
    EnrollmentSecret secret = created(NOW.plus(Duration.ofHours(1)));
    EnrollmentSecret revoked = created(NOW.plus(Duration.ofHours(1)));

    assertThat(store.claim(new EnrollmentSecret(secret.id(), "x".repeat(43)), NOW))
        .isInstanceOf(Claim.Unknown.class);
    assertThat(store.claim(EnrollmentSecret.generate(), NOW)).isInstanceOf(Claim.Unknown.class);
    assertThat(store.claim(secret, NOW.plus(Duration.ofHours(1))))
        .isInstanceOfSatisfying(
            Claim.Refused.class, r -> assertThat(r.reason()).isEqualTo(Claim.Reason.EXPIRED));
    assertThat(store.revoke(revoked.id(), NOW)).isTrue();
    assertThat(store.claim(revoked, NOW.plusSeconds(1)))
        .isInstanceOfSatisfying(
            Claim.Refused.class, r -> assertThat(r.reason()).isEqualTo(Claim.Reason.REVOKED));
    assertThat(store.pending(NOW.plusSeconds(1)))
        .extracting(Enrollment::id)
        .containsExactly(secret.id());
  }

  @Test
  void ofManySimultaneousExchangesExactlyOneWinsAndAReleasedClaimCanBeRetried() throws Exception {
    EnrollmentSecret secret = created(NOW.plus(Duration.ofHours(1)));
    int racers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Claim>> claims = new ArrayList<>();
    try {
      for (int i = 0; i < racers; i++) {
        claims.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.claim(secret, NOW.plusSeconds(5));
                }));
      }
      start.countDown();
      long winners = 0;
      for (Future<Claim> claim : claims) {
        winners += claim.get() instanceof Claim.Claimed ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    store.release(secret.id());
    assertThat(store.claim(secret, NOW.plusSeconds(6))).isInstanceOf(Claim.Claimed.class);
  }

  @Test
  void aSchoolsSiteKeyIsMadeOnceAndStoredSealed() throws Exception {
    AuditLog audit = new AuditLog(dataSource, JsonMapper.createDefault());
    SiteKeys keys = new SiteKeys(dataSource, TestMasterKeys.random(), audit);

    SiteKey first = keys.current("s1");
    assertThat(first.id()).isEqualTo("k1");
    assertThat(first.key()).hasSize(32);
    assertThat(keys.current("s1").key()).isEqualTo(first.key());
    assertThat(keys.current("s2").key()).isNotEqualTo(first.key());
    assertThat(keys.find("s1", "k1").orElseThrow().key()).isEqualTo(first.key());
    assertThat(keys.find("s1", "k2")).isEmpty();

    String stored = columnText("SELECT * FROM site_key WHERE site = 's1'");
    assertThat(stored).doesNotContain(first.keyBase64());
    byte[] sealed = Base64.getDecoder().decode(column("SELECT sealed_key FROM site_key"));
    assertThat(sealed).isNotEqualTo(first.key()).hasSize(32 + 16);

    // The same table under another master key: the sealed key does not open.
    SiteKeys otherMaster = new SiteKeys(dataSource, TestMasterKeys.random(), audit);
    assertThatThrownBy(() -> otherMaster.current("s1"))
        .hasMessageContaining("master-key")
        .hasRootCauseInstanceOf(AEADBadTagException.class);
  }

  private String column(String sql) throws Exception {
    try (Connection connection = dataSource.getConnection();
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private String columnText(String sql) throws Exception {
    StringBuilder text = new StringBuilder();
    try (Connection connection = dataSource.getConnection();
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        for (int i = 1; i <= columns; i++) {
          text.append(rows.getString(i)).append('|');
        }
      }
    }
    return text.toString();
  }
}
