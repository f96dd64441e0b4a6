package io.campusedge.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.config.SecurityConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcGatewayRegistryTest {
  private JdbcGatewayRegistry registry;

  @BeforeEach
  void setUp() {
    registry = new JdbcGatewayRegistry(TestDatabase.migratedH2(), new SecurityConfig(10_000));
  }

  @Test
  void authenticatesWithTheRightPasswordOnly() {
    registry.register("gw1", "s1", "correct horse");

    assertThat(registry.authenticate("gw1", utf8("correct horse")))
        .contains(new RegisteredGateway("gw1", "s1"));
    assertThat(registry.authenticate("gw1", utf8("correct horsf"))).isEmpty();
    assertThat(registry.authenticate("gw2", utf8("correct horse"))).isEmpty();
  }

  @Test
  void registeringAgainReplacesSiteAndPassword() {
    registry.register("gw1", "s1", "old");

    registry.register("gw1", "s2", "new");

    assertThat(registry.authenticate("gw1", utf8("old"))).isEmpty();
    assertThat(registry.authenticate("gw1", utf8("new")))
        .contains(new RegisteredGateway("gw1", "s2"));
    assertThat(registry.find("gw1")).contains(new RegisteredGateway("gw1", "s2"));
  }

  @Test
  void findKeepsAnswersForAWhileAndSeesAnotherInstancesEnrolmentAfterwards() throws Exception {
    DataSource dataSource = TestDatabase.migratedH2();
    AtomicLong now = new AtomicLong();
    JdbcGatewayRegistry here =
        new JdbcGatewayRegistry(dataSource, new SecurityConfig(10_000), List.of(), now::get);
    JdbcGatewayRegistry otherInstance =
        new JdbcGatewayRegistry(dataSource, new SecurityConfig(10_000));
    here.register("gw1", "s1", "secret");
    assertThat(here.find("gw9")).isEmpty();

    otherInstance.register("gw1", "s2", "secret");
    otherInstance.register("gw9", "s1", "secret");

    assertThat(here.find("gw1")).contains(new RegisteredGateway("gw1", "s1"));
    assertThat(here.find("gw9")).isEmpty();
    now.addAndGet(JdbcGatewayRegistry.MISSING_TTL.toNanos());
    assertThat(here.find("gw9")).contains(new RegisteredGateway("gw9", "s1"));
    assertThat(here.find("gw1")).contains(new RegisteredGateway("gw1", "s1"));
    now.addAndGet(JdbcGatewayRegistry.FOUND_TTL.toNanos());
    assertThat(here.find("gw1")).contains(new RegisteredGateway("gw1", "s2"));
  }

  @Test
  void enrollingHereIsSeenAtOnceAndFindAsksTheDatabaseOncePerTimeToLive() throws Exception {
    AtomicInteger queries = new AtomicInteger();
    DataSource counting = countingConnections(TestDatabase.migratedH2(), queries);
    JdbcGatewayRegistry cached =
        new JdbcGatewayRegistry(counting, new SecurityConfig(10_000), List.of(), () -> 0L);
    cached.register("gw1", "s1", "secret");
    queries.set(0);

    for (int i = 0; i < 100; i++) {
      assertThat(cached.find("gw1")).contains(new RegisteredGateway("gw1", "s1"));
    }
    cached.register("gw1", "s2", "secret");

    assertThat(cached.find("gw1")).contains(new RegisteredGateway("gw1", "s2"));
    assertThat(queries)
        .hasValue(1); // the enrolment's own transaction; no find reached the database
  }

  private static DataSource countingConnections(DataSource dataSource, AtomicInteger count) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                count.incrementAndGet();
              }
              try {
                return method.invoke(dataSource, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void passwordsAreStoredAsSaltedHashes() {
    PasswordHasher hasher = new PasswordHasher(10_000);

    var first = hasher.hash("same");
    var second = hasher.hash("same");

    assertThat(first.hashText()).isNotEqualTo(second.hashText());
    assertThat(first.hashText()).doesNotContain("same");
    assertThat(PasswordHasher.matches(utf8("same"), second)).isTrue();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
