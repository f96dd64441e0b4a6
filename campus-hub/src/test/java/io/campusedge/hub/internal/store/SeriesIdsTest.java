package io.campusedge.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Series numbers on both databases, with another hub instance numbering one of them meanwhile. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class SeriesIdsTest {
  private static final SeriesIds.Key CO2 = new SeriesIds.Key("gw1", "env", "co2");
  private static final SeriesIds.Key NOISE = new SeriesIds.Key("gw1", "env", "noise");
  private static final SeriesIds.Key OTHER = new SeriesIds.Key("gw2", "env", "co2");

  @Parameter TestDatabase database;
  private DataSource dataSource;

  @BeforeEach
  void setUp() {
    dataSource = database.migrated();
  }

  @Test
  void newSeriesAreNumberedOnceAndKnownAfterwards() throws Exception {
    SeriesIds ids = new SeriesIds();

    ids.ensure(dataSource, List.of(CO2, NOISE, OTHER));

    assertThat(TestDatabase.count(dataSource, "series")).isEqualTo(3);
    assertThat(List.of(ids.id(CO2), ids.id(NOISE), ids.id(OTHER))).doesNotHaveDuplicates();
    // Another instance (its own cache) loads them instead of numbering them again.
    SeriesIds another = new SeriesIds();
    another.ensure(dataSource, List.of(NOISE));
    assertThat(another.id(NOISE)).isEqualTo(ids.id(NOISE));
    assertThat(another.isKnown(CO2)).isTrue(); // the gateway's series came along
    assertThat(TestDatabase.count(dataSource, "series")).isEqualTo(3);
  }

  @Test
  void aSeriesAnotherInstanceNumbersMeanwhileTakesItsNumber() throws Exception {
    // Between this instance's lookup and its insert, another one inserts NOISE and commits: the
    // group's insert fails on the key, and each series is then inserted on its own.
    AtomicBoolean raced = new AtomicBoolean();
    DataSource racing =
        proxy(
            DataSource.class,
            dataSource,
            (method, args, result) -> {
              if (method.equals("getConnection")) {
                return proxy(
                    Connection.class,
                    (Connection) result,
                    (connectionMethod, connectionArgs, connectionResult) -> connectionResult,
                    (connectionMethod, connectionArgs) -> {
                      if (connectionMethod.equals("prepareStatement")
                          && ((String) connectionArgs[0]).startsWith("INSERT INTO series")
                          && raced.compareAndSet(false, true)) {
                        new SeriesIds().ensure(dataSource, List.of(NOISE));
                      }
                    });
              }
              return result;
            },
            (method, args) -> {});
    SeriesIds ids = new SeriesIds();

    ids.ensure(racing, List.of(CO2, NOISE));

    assertThat(raced).isTrue();
    assertThat(TestDatabase.count(dataSource, "series")).isEqualTo(2);
    assertThat(ids.id(NOISE)).isEqualTo(numberInTheTable(NOISE));
    assertThat(ids.id(CO2)).isEqualTo(numberInTheTable(CO2));
  }

  private long numberInTheTable(SeriesIds.Key key) throws Exception {
    try (Connection connection = dataSource.getConnection();
        var select =
            connection.prepareStatement(
                "SELECT series_id FROM series WHERE gateway_id = ? AND device_id = ?"
                    + " AND metric = ?")) {
      select.setString(1, key.gatewayId());
      select.setString(2, key.deviceId());
      select.setString(3, key.metric());
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        return row.getLong(1);
      }
    }
  }

  private interface After {
    Object apply(String method, Object[] args, Object result) throws Exception;
  }

  private interface Before {
    void run(String method, Object[] args) throws Exception;
  }

  private static <T> T proxy(Class<T> type, T target, After after, Before before) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> {
              before.run(method.getName(), args);
              try {
                return after.apply(method.getName(), args, method.invoke(target, args));
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }
}
