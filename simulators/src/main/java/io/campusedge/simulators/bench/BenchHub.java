package io.campusedge.simulators.bench;

import io.campusedge.hub.CampusHub;
import io.campusedge.hub.api.RunningHub;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The hub under test: in the bench's JVM, or in its own ({@link HubProcess}). */
interface BenchHub extends AutoCloseable {
  URI httpUrl();

  String brokerUrl();

  /** Rows in the hub's {@code record} table: what it committed. */
  long countRecords() throws Exception;

  /** CPU and memory of the process the hub runs in, from now on. */
  StageSampler sampler();

  /** The state of the hub's own process at the end of a run; empty when it is the bench's. */
  default Optional<String> processState() {
    return Optional.empty();
  }

  @Override
  void close();

  /** The hub started in this JVM: its figures include the fleet's. */
  static BenchHub inProcess(Map<String, Object> properties) {
    RunningHub hub = CampusHub.start(properties);
    return new BenchHub() {
      @Override
      public URI httpUrl() {
        return hub.httpUrl();
      }

      @Override
      public String brokerUrl() {
        return "tcp://127.0.0.1:" + hub.brokerPort();
      }

      @Override
      public long countRecords() throws Exception {
        DataSource dataSource = hub.applicationContext().getBean(DataSource.class);
        try (Connection connection = dataSource.getConnection();
            Statement statement = connection.createStatement();
            ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM stored_record")) {
          rs.next();
          return rs.getLong(1);
        }
      }

      @Override
      public StageSampler sampler() {
        return new ResourceSampler();
      }

      @Override
      public void close() {
        hub.close();
      }
    };
  }
}
