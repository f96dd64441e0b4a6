package io.campusedge.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Settings that could lose an acked commit, read from real databases. */
class DurabilityCheckTest {

  @Test
  void postgresqlWithoutSynchronousCommitOrFsyncIsARisk() throws Exception {
    // zonky's test server runs with postgres -F (fsync off), which a session cannot change.
    DataSource postgres = TestDatabase.POSTGRESQL.create();
    try (Connection connection = postgres.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET synchronous_commit = off"); // zonky's server default, made explicit
      assertThat(DurabilityCheck.risks(connection))
          .satisfiesExactly(
              commit -> assertThat(commit).contains("synchronous_commit is off", "= on"),
              fsync -> assertThat(fsync).contains("fsync is off", "set fsync = on"));

      statement.execute("SET synchronous_commit = on");
      assertThat(DurabilityCheck.risks(connection)).singleElement().asString().contains("fsync");

      statement.execute("SET synchronous_commit = local"); // waits for the local flush too
      assertThat(DurabilityCheck.risks(connection)).singleElement().asString().contains("fsync");
    }
  }

  @Test
  void h2IsNotChecked() throws Exception {
    try (Connection connection = TestDatabase.H2.create().getConnection()) {
      assertThat(DurabilityCheck.risks(connection)).isEmpty();
    }
  }

  @Test
  void aDatabaseThatCannotBeAskedDoesNotStopTheHub() {
    DataSource down = TestDatabase.H2.create();
    ((org.h2.jdbcx.JdbcDataSource) down).setURL("jdbc:h2:tcp://127.0.0.1:1/nothing");

    new DurabilityCheck(down).warnIfRisky(); // logged at debug, nothing thrown
  }
}
