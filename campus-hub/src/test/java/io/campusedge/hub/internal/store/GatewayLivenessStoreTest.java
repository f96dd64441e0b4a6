package io.campusedge.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Room;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Last-seen times and offline marking in {@code gateway_status}, on both databases. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class GatewayLivenessStoreTest {
  @Parameter TestDatabase database;

  private DataSource dataSource;
  private JdbcGatewayInventoryStore store;

  @BeforeEach
  void setUp() {
    dataSource = database.migrated();
    store = new JdbcGatewayInventoryStore(dataSource);
  }

  @Test
  void silentGatewaysAreMarkedOfflineOnceAndHeardOnesStayOnline() throws Exception {
    store.apply(birth("gw-silent"));
    store.apply(birth("gw-heard"));
    Instant later = Instant.now().plusSeconds(120);
    store.touch(Map.of("gw-heard", later));

    assertThat(store.markOffline(later.minusSeconds(60))).containsExactly("gw-silent");
    assertThat(store.markOffline(later.minusSeconds(60))).as("only once").isEmpty();
    assertThat(online("gw-silent")).isFalse();
    assertThat(online("gw-heard")).isTrue();
  }

  @Test
  void beingHeardBringsAGatewayBackButNotOverALaterDeath() throws Exception {
    store.apply(birth("gw-a"));
    Instant heardBeforeDeath = Instant.now().minusSeconds(5);
    store.apply(birth("gw-a").toBuilder().setOnline(false).build()); // the will, stored now

    store.touch(Map.of("gw-a", heardBeforeDeath));
    assertThat(online("gw-a")).isFalse();

    store.touch(Map.of("gw-a", Instant.now().plusSeconds(1)));
    assertThat(online("gw-a")).isTrue();
  }

  @Test
  void gatewaysAnnouncingOneNewRoomAtTheSameMomentAllGetTheirBirthStored() throws Exception {
    for (int round = 0; round < 10; round++) {
      String room = "LAB-" + round;
      CyclicBarrier together = new CyclicBarrier(3);
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<?>> births = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          GatewayState birth =
              birth("gw-" + round + "-" + i).toBuilder()
                  .addRooms(Room.newBuilder().setId(room).setName("Phòng thí nghiệm"))
                  .build();
          births.add(
              pool.submit(
                  () -> {
                    together.await(10, TimeUnit.SECONDS);
                    store.apply(birth);
                    return null;
                  }));
        }
        for (Future<?> each : births) {
          each.get(30, TimeUnit.SECONDS); // a duplicate key on the room would surface here
        }
      } finally {
        pool.shutdownNow();
      }
      for (int i = 0; i < 3; i++) {
        assertThat(online("gw-" + round + "-" + i)).isTrue();
      }
    }
    assertThat(TestDatabase.count(dataSource, "room")).isEqualTo(10);
  }

  private static GatewayState birth(String id) {
    return GatewayState.newBuilder().setOnline(true).setSite("s1").setGatewayId(id).build();
  }

  private boolean online(String gatewayId) throws Exception {
    try (var connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT online FROM gateway_status WHERE gateway_id = ?")) {
      select.setString(1, gatewayId);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        return row.getBoolean(1);
      }
    }
  }
}
