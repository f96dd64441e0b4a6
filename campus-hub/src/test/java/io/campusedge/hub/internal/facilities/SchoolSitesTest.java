package io.campusedge.hub.internal.facilities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.ForbiddenException;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.TestDatabase;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Schools recorded one by one or from CSV, listed with what the hub knows of them, per role. */
class SchoolSitesTest {
  private static final Caller SECTOR =
      new Caller("so.gd", Caller.Kind.USER, Role.SECTOR_ADMIN, Set.of());
  private static final Caller SCHOOL =
      new Caller("hieu", Caller.Kind.USER, Role.SCHOOL_ADMIN, Set.of("THPT-A"));
  private static final Caller TEACHER =
      new Caller("co.lan", Caller.Kind.USER, Role.TEACHER, Set.of("THPT-A"));

  private DataSource dataSource;
  private SchoolSites sites;

  @BeforeEach
  void setUp() {
    dataSource = TestDatabase.H2.migrated();
    sites = new SchoolSites(dataSource, new AuditLog(dataSource, JsonMapper.createDefault()));
    execute("INSERT INTO room (site, room_id, name) VALUES ('THPT-A', 'A101', 'A101')");
    execute("INSERT INTO room (site, room_id, name) VALUES ('THPT-A', 'A102', 'A102')");
    execute(
        "INSERT INTO gateway_credential (gateway_id, site, password_hash, password_salt,"
            + " hash_iterations, updated_at) VALUES ('gw-b1', 'THPT-B', 'x', 'y', 1,"
            + " CURRENT_TIMESTAMP)");
  }

  @Test
  void schoolsTheHubKnowsAreListedUnnamedUntilRecorded() {
    assertThat(sites.list(SECTOR))
        .extracting(SchoolSites.SiteView::site, SchoolSites.SiteView::recorded)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("THPT-A", false),
            org.assertj.core.groups.Tuple.tuple("THPT-B", false));
    assertThat(sites.list(SCHOOL))
        .singleElement()
        .satisfies(a -> assertThat(a.rooms()).isEqualTo(2));

    sites.record(SCHOOL, "THPT-A", new SchoolSites.SiteRecord(" THPT Chu Văn An ", "Hà Nội"));
    assertThat(sites.list(TEACHER))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.name()).isEqualTo("THPT Chu Văn An");
              assertThat(a.province()).isEqualTo("Hà Nội");
              assertThat(a.recorded()).isTrue();
            });
    assertThat(sites.csv(SCHOOL))
        .contains("schoolCode,name,province", "THPT-A,THPT Chu Văn An,Hà Nội");
  }

  @Test
  void onlyAdministratorsOfTheSchoolRecordIt() {
    assertThatThrownBy(() -> sites.record(TEACHER, "THPT-A", new SchoolSites.SiteRecord("x", null)))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> sites.record(SCHOOL, "THPT-B", new SchoolSites.SiteRecord("x", null)))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> sites.record(SCHOOL, "THPT-A", new SchoolSites.SiteRecord(" ", null)))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("name is required");
    assertThatThrownBy(() -> sites.importCsv(SCHOOL, csv("schoolCode,name\nTHPT-A,A\n")))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void aCsvWithABadRowChangesNothingAndSaysWhichLine() {
    assertThatThrownBy(
            () ->
                sites.importCsv(
                    SECTOR,
                    csv(
                        "schoolCode,name,province\n"
                            + "THPT-A,THPT A,Hà Nội\n"
                            + "THPT A,bad code,\n"
                            + "THPT-A,again,\n"
                            + "THPT-C,,\n")))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e ->
                assertThat(e.problems())
                    .extracting(p -> p.line() + ": " + p.message())
                    .anySatisfy(text -> assertThat(text).startsWith("3: site code 'THPT A'"))
                    .anySatisfy(
                        text -> assertThat(text).startsWith("4: school 'THPT-A' is already"))
                    .anySatisfy(text -> assertThat(text).startsWith("5:")));
    assertThat(sites.list(SECTOR)).noneMatch(SchoolSites.SiteView::recorded);

    assertThat(
            sites.importCsv(
                SECTOR, csv("schoolCode,name,province\nTHPT-A,THPT A,Hà Nội\nTHPT-C,THPT C,\n")))
        .isEqualTo(2);
    assertThat(sites.list(SECTOR))
        .extracting(SchoolSites.SiteView::site)
        .containsExactly("THPT-A", "THPT-B", "THPT-C");
  }

  private static byte[] csv(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void execute(String sql) {
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (var statement = connection.createStatement()) {
            statement.execute(sql);
          }
          return null;
        });
  }
}
