package io.campusedge.hub.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.audit.AuditEntry;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.BootstrapAdminConfig;
import io.campusedge.hub.internal.store.PasswordHasher;
import io.campusedge.hub.internal.store.TestDatabase;
import io.micronaut.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Users, API tokens, audit log and the first admin on H2 and PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class SecurityStoresTest {
  @Parameter TestDatabase database;
  private final PasswordHasher hasher = new PasswordHasher(10_000);
  private UserStore users;
  private ApiTokenStore tokens;
  private AuditLog audit;

  @BeforeEach
  void setUp() {
    DataSource dataSource = database.migrated();
    users = new UserStore(dataSource);
    tokens = new ApiTokenStore(dataSource);
    audit = new AuditLog(dataSource, JsonMapper.createDefault());
  }

  @Test
  void usersAreStoredWithHashedPasswordsAndEveryChangeMovesTheVersionOn() {
    assertThat(users.create("lan", Role.TEACHER, Set.of("s1", "s2"), hasher.hash("secret-one")))
        .isTrue();
    assertThat(users.create("lan", Role.TEACHER, Set.of("s1"), hasher.hash("x"))).isFalse();

    UserAccount lan = users.find("lan").orElseThrow();
    assertThat(lan.role()).isEqualTo(Role.TEACHER);
    assertThat(lan.sites()).containsExactly("s1", "s2");
    assertThat(PasswordHasher.matches(utf8("secret-one"), lan.password())).isTrue();
    assertThat(lan.password().hashText()).doesNotContain("secret-one");

    UserAccount changed =
        users.update("lan", Role.LAB_STAFF, Set.of("s2"), Optional.empty()).orElseThrow();
    assertThat(changed.version()).isEqualTo(lan.version() + 1);
    assertThat(changed.role()).isEqualTo(Role.LAB_STAFF);
    assertThat(PasswordHasher.matches(utf8("secret-one"), changed.password())).isTrue();
    assertThat(users.update("nobody", Role.TEACHER, Set.of("s1"), Optional.empty())).isEmpty();
    assertThat(users.count()).isEqualTo(1);
    assertThat(users.delete("lan")).isTrue();
    assertThat(users.find("lan")).isEmpty();
  }

  @Test
  void theLastOfMaxFailuresLocksAndSuccessOrAPasswordResetClearsTheCount() {
    users.create("minh", Role.TEACHER, Set.of("s1"), hasher.hash("secret-one"));
    Instant until = Instant.now().plus(15, ChronoUnit.MINUTES);

    assertThat(users.loginFailed("minh", 3, until)).isEqualTo(1);
    users.loginSucceeded("minh");
    assertThat(users.loginFailed("minh", 3, until)).isEqualTo(1);
    assertThat(users.loginFailed("minh", 3, until)).isEqualTo(2);
    assertThat(users.find("minh").orElseThrow().lockedAt(Instant.now())).isFalse();
    assertThat(users.loginFailed("minh", 3, until)).isEqualTo(3);

    assertThat(users.find("minh").orElseThrow().lockedAt(Instant.now())).isTrue();
    assertThat(users.find("minh").orElseThrow().lockedAt(until.plusSeconds(1))).isFalse();
    users.update("minh", Role.TEACHER, Set.of("s1"), Optional.of(hasher.hash("new-secret")));
    assertThat(users.find("minh").orElseThrow().lockedAt(Instant.now())).isFalse();
    assertThat(users.loginFailed("nobody", 3, until)).isZero();
  }

  @Test
  void aTokenAuthenticatesWithItsExactSecretUntilRevoked() {
    ApiTokenSecret secret = ApiTokenSecret.generate();
    ApiToken created = tokens.create(secret, "sis feed", Role.TEACHER, Set.of("s1"), "admin");

    assertThat(ApiTokenSecret.parse(secret.bearer())).contains(secret);
    ApiToken found = tokens.authenticate(secret).orElseThrow();
    assertThat(found.id()).isEqualTo(created.id());
    assertThat(found.name()).isEqualTo("sis feed");
    assertThat(found.role()).isEqualTo(Role.TEACHER);
    assertThat(found.sites()).containsExactly("s1");
    assertThat(found.revoked()).isFalse();
    ApiTokenSecret wrong = new ApiTokenSecret(secret.id(), ApiTokenSecret.generate().secret());
    assertThat(tokens.authenticate(wrong)).isEmpty();
    assertThat(tokens.list()).extracting(ApiToken::id).containsExactly(secret.id());

    assertThat(tokens.revoke(secret.id())).isTrue();
    assertThat(tokens.revoke(secret.id())).isFalse();
    assertThat(tokens.authenticate(secret)).isEmpty();
    assertThat(tokens.find(secret.id()).orElseThrow().revoked()).isTrue();
    assertThat(ApiTokenSecret.parse("eyJhbGciOiJIUzI1NiJ9.e30.x")).isEmpty();
  }

  @Test
  void auditPagesAreNewestFirstAndScopedBySiteEvenWithLikeWildcardsInCodes() {
    audit.record("admin", "user.create", "user:a", Set.of("s_1"), Map.of("role", "TEACHER"));
    audit.record("admin", "user.create", "user:b", Set.of("sX1"), Map.of("role", "TEACHER"));
    audit.record("admin", "user.create", "user:c", Set.of(), Map.of("role", "SECTOR_ADMIN"));
    audit.record("admin", "token.revoke", "token:t", List.of("s_1", "s2"), Map.of("name", "n"));

    List<AuditEntry> all = audit.page(Optional.empty(), 0, 10);
    assertThat(all)
        .extracting(AuditEntry::target)
        .containsExactly("token:t", "user:c", "user:b", "user:a");
    assertThat(all.get(0).sites()).containsExactly("s2", "s_1");
    assertThat(all.get(1).detailsJson()).isEqualTo("{\"role\":\"SECTOR_ADMIN\"}");
    assertThat(audit.page(Optional.of(Set.of("s_1")), 0, 10))
        .extracting(AuditEntry::target)
        .containsExactly("token:t", "user:a");
    assertThat(audit.page(Optional.of(Set.of()), 0, 10)).isEmpty();
    assertThat(audit.page(Optional.empty(), 1, 3))
        .extracting(AuditEntry::target)
        .containsExactly("user:a");
  }

  @Test
  void theFirstAdminIsCreatedOnceAndAGeneratedPasswordPrintedOnceOnTheConsole() {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    BootstrapAdmin bootstrap =
        new BootstrapAdmin(
            users,
            new BootstrapAdminConfig("admin", null),
            hasher,
            audit,
            new PrintStream(console, true, StandardCharsets.UTF_8));

    assertThat(bootstrap.createIfNoUsers()).isTrue();
    assertThat(bootstrap.createIfNoUsers()).isFalse();

    String printed = console.toString(StandardCharsets.UTF_8);
    Matcher password = Pattern.compile("\\*\\*\\*   (\\S+)").matcher(printed);
    assertThat(password.find()).as(printed).isTrue();
    assertThat(password.find()).isFalse();
    UserAccount admin = users.find("admin").orElseThrow();
    assertThat(admin.role()).isEqualTo(Role.SECTOR_ADMIN);
    password.reset().find();
    assertThat(PasswordHasher.matches(utf8(password.group(1)), admin.password())).isTrue();
    assertThat(audit.page(Optional.empty(), 0, 10))
        .extracting(AuditEntry::action)
        .containsExactly("user.create");
  }

  @Test
  void aConfiguredAdminPasswordIsUsedAndNeverPrinted() {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    new BootstrapAdmin(
            users,
            new BootstrapAdminConfig("root", "configured-password"),
            hasher,
            audit,
            new PrintStream(console, true, StandardCharsets.UTF_8))
        .createIfNoUsers();

    assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(
            PasswordHasher.matches(
                utf8("configured-password"), users.find("root").orElseThrow().password()))
        .isTrue();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
