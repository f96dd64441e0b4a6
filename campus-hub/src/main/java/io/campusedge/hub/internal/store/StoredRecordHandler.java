package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.Record;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Derives domain data from a record (a card tap becomes an attendance mark) inside the transaction
 * that stores the record for the first time, so the derived rows exist exactly when the record
 * does: a duplicate never derives twice and a rolled-back batch derives nothing. What must wait for
 * the commit (live events) goes to {@code afterCommit}.
 */
public interface StoredRecordHandler {
  void stored(
      Connection connection,
      StoredRecordContext context,
      Record record,
      Consumer<Runnable> afterCommit)
      throws SQLException;

  /** Where the record came from and when the hub received it. */
  record StoredRecordContext(String site, String gatewayId, long epoch, Instant receivedAt) {}
}
