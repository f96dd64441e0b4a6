package io.campusedge.hub.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** Plain JDBC transactions: commit on success, roll back on any failure. */
public final class Sql {
  private static final String UNIQUE_VIOLATION = "23505";

  private Sql() {}

  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  public static <T> T inTransaction(DataSource dataSource, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException(e.getMessage(), e);
    }
  }

  /**
   * {@link #inTransaction}, once more if it failed on a duplicate key: for a look-then-insert that
   * another transaction (a parallel ingest transaction, another hub) did at the same moment; the
   * second time it finds that row. {@code work} must be safe to run twice (nothing outside the
   * transaction).
   */
  public static <T> T inTransactionRetryingDuplicate(DataSource dataSource, Work<T> work) {
    try {
      return inTransaction(dataSource, work);
    } catch (StoreException e) {
      if (!isUniqueViolation(e.getCause())) {
        throw e;
      }
      return inTransaction(dataSource, work);
    }
  }

  /** A duplicate key (SQLSTATE 23505 on both PostgreSQL and H2). */
  public static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState());
  }

  /**
   * Free text cut to a VARCHAR column's width, ending in "…" when cut (null stays null); an id is
   * never cut, it is refused (see RecordColumns).
   */
  public static String fitColumn(String text, int width) {
    return text == null || text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }

  public static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  public static Instant instant(Object column) {
    if (column instanceof OffsetDateTime time) {
      return time.toInstant();
    }
    if (column instanceof Timestamp time) {
      return time.toInstant();
    }
    throw new IllegalStateException("not a timestamp column: " + column);
  }
}
