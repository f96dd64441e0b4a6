package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Record;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.util.SupplierUtil;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The {@code record}, {@code reading}, {@code gateway_stream} and {@code stored_range} tables. A
 * reading is one {@code reading} row with its payload; every other record, and a reading the
 * reading columns cannot hold, is a {@code record} row. A record is stored once because every store
 * transaction locks its streams' rows first: at or below a stream's high-water mark everything is a
 * duplicate, and beyond it {@code stored_range} tells what is stored already.
 */
@Singleton
public class JdbcRecordStore implements RecordStore {
  // Gateways whose stream rows one locking statement takes.
  private static final int LOCK_CHUNK = 100;

  private final DataSource dataSource;
  private final Supplier<List<StoredRecordHandler>> handlers;
  private final Set<StreamKey> knownStreams = ConcurrentHashMap.newKeySet();
  private final SeriesIds seriesIds = new SeriesIds();
  private volatile Dialect dialect;

  public JdbcRecordStore(DataSource dataSource) {
    this(dataSource, List.of());
  }

  public JdbcRecordStore(DataSource dataSource, List<StoredRecordHandler> handlers) {
    List<StoredRecordHandler> fixed = List.copyOf(handlers);
    this.dataSource = dataSource;
    this.handlers = () -> fixed;
  }

  /**
   * Handlers are looked up at the first batch: they publish live events, whose bus reads live
   * state, which reads this store.
   */
  @Inject
  public JdbcRecordStore(DataSource dataSource, BeanProvider<StoredRecordHandler> handlers) {
    this.dataSource = dataSource;
    this.handlers = SupplierUtil.memoized(() -> handlers.stream().toList());
  }

  @Override
  public BatchOutcome store(Batch batch) {
    return storeAll(List.of(batch)).get(0);
  }

  /**
   * Takes the streams' row locks first, in gateway order, so two hub instances storing groups that
   * share gateways wait for each other instead of deadlocking; a gateway's batches keep their
   * order. The group's rows go in as JDBC batches (one round trip per table, not one per record)
   * and its readings into the rollups in one pass, before each batch's high-water mark is settled.
   */
  @Override
  public List<BatchOutcome> storeAll(List<Batch> batches) {
    ensureStreams(batches);
    ensureSeries(batches);
    List<Integer> lockOrder = new ArrayList<>(batches.size());
    for (int i = 0; i < batches.size(); i++) {
      lockOrder.add(i);
    }
    lockOrder.sort(
        Comparator.comparing((Integer i) -> batches.get(i).getGatewayId())
            .thenComparingLong(i -> batches.get(i).getEpoch()));
    return Sql.inTransaction(
        dataSource,
        connection -> {
          Staged[] staged = new Staged[batches.size()];
          Map<StreamKey, Stream> streams = lockStreams(connection, batches);
          List<StoredReading> newReadings = new ArrayList<>();
          try (GroupRows inserts = GroupRows.open(connection, dialect(connection))) {
            for (int i : lockOrder) {
              staged[i] = stage(connection, inserts, streams, batches.get(i));
              newReadings.addAll(staged[i].newReadings());
            }
            inserts.flush();
          }
          ReadingRollups.add(connection, newReadings, dialect(connection));
          BatchOutcome[] outcomes = new BatchOutcome[batches.size()];
          for (int i : lockOrder) {
            outcomes[i] = settle(connection, streams, staged[i]);
          }
          for (Stream stream : streams.values()) {
            if (stream.highestSeq <= stream.uptoSeq && !stream.storedBeyondMark) {
              continue; // in order: nothing stored beyond the mark, before or now
            }
            StoredRanges.settle(
                connection,
                stream.gatewayId,
                stream.epoch,
                stream.uptoSeq,
                stream.storedBeyondMark,
                SeqRanges.spans(stream.staged, stream.uptoSeq));
          }
          updateStreams(connection, streams.values(), Instant.now());
          return List.of(outcomes);
        });
  }

  /**
   * Creates missing {@code gateway_stream} rows in their own transactions before the batch
   * transaction, so a stream's first batches arriving at two hub instances at once do not fail on
   * the key: the loser of the insert just finds the row.
   */
  private void ensureStreams(List<Batch> batches) {
    for (Batch batch : batches) {
      StreamKey key = new StreamKey(batch.getGatewayId(), batch.getEpoch());
      if (knownStreams.contains(key)) {
        continue;
      }
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        if (!streamExists(connection, key)) {
          insertStream(connection, key);
        }
      } catch (SQLException e) {
        if (!Sql.isUniqueViolation(e)) {
          throw new StoreException(e.getMessage(), e);
        }
      }
      knownStreams.add(key);
    }
  }

  /** Numbers the group's new series (see {@link SeriesIds}), also before the batch transaction. */
  private void ensureSeries(List<Batch> batches) {
    Set<SeriesIds.Key> missing = new HashSet<>();
    for (Batch batch : batches) {
      for (Record record : batch.getRecordsList()) {
        if (record.hasReading()) {
          SeriesIds.Key key =
              SeriesIds.Key.of(batch.getGatewayId(), record.getReading(), dialect());
          if (!seriesIds.isKnown(key) && key.fits()) {
            missing.add(key);
          }
        }
      }
    }
    if (!missing.isEmpty()) {
      seriesIds.ensure(dataSource, missing);
    }
  }

  private static boolean streamExists(Connection connection, StreamKey key) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM gateway_stream WHERE gateway_id = ? AND epoch = ?")) {
      select.setString(1, key.gatewayId());
      select.setLong(2, key.epoch());
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  private static void insertStream(Connection connection, StreamKey key) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO gateway_stream (gateway_id, epoch, upto_seq, gap_count, max_seq,"
                + " updated_at) VALUES (?, ?, 0, 0, 0, ?)")) {
      insert.setString(1, key.gatewayId());
      insert.setLong(2, key.epoch());
      insert.setObject(3, Sql.utc(Instant.now()));
      insert.executeUpdate();
    }
  }

  /**
   * Queues a batch's new records (not stored before, not earlier in this group) and runs the record
   * handlers on them; duplicates are only counted.
   */
  private Staged stage(
      Connection connection, GroupRows inserts, Map<StreamKey, Stream> streams, Batch batch)
      throws SQLException {
    String gatewayId = batch.getGatewayId();
    long epoch = batch.getEpoch();
    StreamKey key = new StreamKey(gatewayId, epoch);
    Stream stream = streams.get(key);
    long firstSeq = batch.getRecords(0).getSeq();
    long lastSeq = batch.getRecords(batch.getRecordsCount() - 1).getSeq();
    // Beyond the highest stored seq nothing can be a duplicate of a stored record.
    List<SeqRanges.Range> alreadyStored =
        firstSeq > stream.maxStoredSeq
            ? List.of()
            : StoredRanges.overlapping(connection, gatewayId, epoch, firstSeq, lastSeq);
    Instant now = Instant.now();
    List<StoredReading> newReadings = new ArrayList<>();
    List<Runnable> afterCommit = new ArrayList<>();
    StoredRecordHandler.StoredRecordContext context =
        new StoredRecordHandler.StoredRecordContext(batch.getSite(), gatewayId, epoch, now);
    List<String> unfitRecords = new ArrayList<>(0);
    int duplicates = 0;
    for (Record record : batch.getRecordsList()) {
      long seq = record.getSeq();
      if (seq <= stream.uptoSeq || isIn(alreadyStored, seq) || !stream.staged.add(seq)) {
        duplicates++;
        continue;
      }
      stream.highestSeq = Math.max(stream.highestSeq, seq);
      Optional<String> unfit = RecordColumns.unfit(record);
      if (record.hasReading() && unfit.isEmpty()) {
        long series =
            seriesIds.id(SeriesIds.Key.of(gatewayId, record.getReading(), dialect(connection)));
        newReadings.add(inserts.reading(series, gatewayId, epoch, record));
      } else {
        inserts.record(gatewayId, epoch, record, now);
      }
      if (unfit.isPresent()) {
        unfitRecords.add("seq " + seq + ": " + unfit.get());
        continue;
      }
      for (StoredRecordHandler handler : handlers.get()) {
        handler.stored(connection, context, record, afterCommit::add);
      }
    }
    // Seqs the gateway evicted by policy are settled too (Batch.evicted): no gap, no stall.
    EvictedRanges.record(connection, gatewayId, epoch, batch.getEvictedList());
    if (!batch.getEvictedList().isEmpty()) {
      stream.inOrder = false;
    }
    return new Staged(
        key,
        firstSeq,
        batch.getRecordsCount() - duplicates,
        duplicates,
        newReadings,
        afterCommit,
        unfitRecords);
  }

  /**
   * Once the group's rows are written: the batch's high-water mark and whether it stored records
   * beyond a hole. Batches of one stream settle in order, each from where the previous one left the
   * stream.
   */
  private static BatchOutcome settle(
      Connection connection, Map<StreamKey, Stream> streams, Staged staged) throws SQLException {
    StreamKey key = staged.stream();
    Stream stream = streams.get(key);
    long uptoSeq;
    boolean gap;
    if (stream.inOrder) {
      // Nothing stored or evicted beyond the high-water mark when the stream was locked: the
      // records queued in this group are all there is to walk, no query needed.
      gap = staged.stored() > 0 && staged.firstSeq() > stream.uptoSeq + 1;
      uptoSeq = stream.uptoSeq;
      while (stream.staged.contains(uptoSeq + 1)) {
        uptoSeq++;
      }
      long walked = uptoSeq;
      if (stream.staged.stream().anyMatch(seq -> seq > walked)) {
        stream.inOrder = false; // a hole: what lies beyond it is stored now
      }
    } else {
      // The walk goes through what was evicted, what was stored beyond the mark before and what
      // this group stores.
      Deque<SeqRanges.Range> evicted =
          EvictedRanges.after(connection, key.gatewayId(), key.epoch(), stream.uptoSeq);
      long settled = SeqRanges.absorb(stream.uptoSeq, new ArrayDeque<>(evicted));
      gap = staged.stored() > 0 && staged.firstSeq() > settled + 1;
      uptoSeq =
          SeqRanges.absorb(
              stream.uptoSeq,
              SeqRanges.merged(
                  List.of(
                      evicted,
                      StoredRanges.after(connection, key.gatewayId(), key.epoch(), stream.uptoSeq),
                      SeqRanges.spans(stream.staged, stream.uptoSeq))));
    }
    stream.advance(uptoSeq, gap);
    return new BatchOutcome(
        key.epoch(),
        uptoSeq,
        staged.stored(),
        staged.duplicates(),
        gap,
        List.copyOf(staged.newReadings()),
        List.copyOf(staged.afterCommit()),
        List.copyOf(staged.unfitRecords()));
  }

  /**
   * Locks the group's stream rows and reads their high-water marks, with what lies beyond each: the
   * highest stored seq and whether evicted ranges end after it (both usually nothing, a stream in
   * order). One statement per {@value #LOCK_CHUNK} gateways; all of a gateway's epochs are locked,
   * in gateway order as Java sorts ids (chunks and rows within them alike), so two hub instances
   * storing groups that share gateways wait for each other instead of deadlocking. The id list is
   * padded to a few fixed lengths so the database sees few distinct statements.
   */
  private Map<StreamKey, Stream> lockStreams(Connection connection, List<Batch> batches)
      throws SQLException {
    Dialect dialect = dialect(connection);
    Set<StreamKey> wanted = new HashSet<>();
    TreeSet<String> gateways = new TreeSet<>();
    for (Batch batch : batches) {
      wanted.add(new StreamKey(batch.getGatewayId(), batch.getEpoch()));
      gateways.add(batch.getGatewayId());
    }
    Map<StreamKey, Stream> streams = new HashMap<>();
    List<String> ordered = new ArrayList<>(gateways);
    for (int from = 0; from < ordered.size(); from += LOCK_CHUNK) {
      List<String> chunk = ordered.subList(from, Math.min(ordered.size(), from + LOCK_CHUNK));
      int slots = chunk.size() == 1 ? 1 : chunk.size() <= 10 ? 10 : LOCK_CHUNK;
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT s.gateway_id, s.epoch, s.upto_seq, s.gap_count, s.max_seq,"
                  + " (SELECT COUNT(*) FROM evicted_range e"
                  + " WHERE e.gateway_id = s.gateway_id AND e.epoch = s.epoch"
                  + " AND e.last_seq > s.upto_seq)"
                  + " FROM gateway_stream s WHERE s.gateway_id IN ("
                  + String.join(", ", Collections.nCopies(slots, "?"))
                  + ") ORDER BY "
                  + dialect.inJavaOrder("s.gateway_id")
                  + ", s.epoch FOR UPDATE")) {
        for (int slot = 0; slot < slots; slot++) {
          select.setString(slot + 1, chunk.get(Math.min(slot, chunk.size() - 1)));
        }
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            StreamKey key = new StreamKey(row.getString(1), row.getLong(2));
            if (!wanted.contains(key)) {
              continue; // another epoch of the gateway: locked too, left as it is
            }
            long upto = row.getLong(3);
            long maxSeq = row.getLong(5); // set by V49 for streams written before V41
            streams.put(
                key,
                new Stream(
                    key.gatewayId(),
                    key.epoch(),
                    upto,
                    row.getLong(4),
                    Math.max(upto, maxSeq),
                    row.getLong(6) > 0));
          }
        }
      }
    }
    for (StreamKey key : wanted) {
      if (!streams.containsKey(key)) {
        // ensureStreams created it; only a row deleted meanwhile gets here. Created in this
        // transaction: a concurrent insert violates the key and rolls this one back, unacked.
        insertStream(connection, key);
        streams.put(key, new Stream(key.gatewayId(), key.epoch(), 0, 0, 0, false));
      }
    }
    return streams;
  }

  private static boolean isIn(List<SeqRanges.Range> ranges, long seq) {
    for (SeqRanges.Range range : ranges) {
      if (range.contains(seq)) {
        return true;
      }
    }
    return false;
  }

  /** The group's streams' new high-water marks, one JDBC batch in key order. */
  private static void updateStreams(Connection connection, Collection<Stream> streams, Instant now)
      throws SQLException {
    List<Stream> ordered = new ArrayList<>(streams);
    ordered.sort(
        Comparator.comparing((Stream stream) -> stream.gatewayId)
            .thenComparingLong(stream -> stream.epoch));
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE gateway_stream SET upto_seq = ?, gap_count = ?, max_seq = ?, updated_at = ?"
                + " WHERE gateway_id = ? AND epoch = ?")) {
      Object at = Sql.utc(now);
      for (Stream stream : ordered) {
        update.setLong(1, stream.uptoSeq);
        update.setLong(2, stream.gapCount);
        update.setLong(3, stream.highestSeq);
        update.setObject(4, at);
        update.setString(5, stream.gatewayId);
        update.setLong(6, stream.epoch);
        update.addBatch();
      }
      update.executeBatch();
    }
  }

  @Override
  public List<StoredReading> latestReadings() {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT s.gateway_id, s.device_id, s.metric, latest.source_time,"
                          + " latest.value_type, latest.num_value, latest.text_value, latest.unit,"
                          + " latest.quality, latest.quality_reason FROM ("
                          + " SELECT r.*, ROW_NUMBER() OVER (PARTITION BY series_id"
                          + " ORDER BY source_time DESC, epoch DESC, seq DESC) AS rank_no"
                          + " FROM reading r) latest JOIN series s ON s.series_id ="
                          + " latest.series_id WHERE rank_no = 1");
              ResultSet rows = select.executeQuery()) {
            List<StoredReading> readings = new ArrayList<>();
            while (rows.next()) {
              readings.add(readingFrom(rows));
            }
            return readings;
          }
        });
  }

  private static StoredReading readingFrom(ResultSet row) throws SQLException {
    Object number = row.getObject(6);
    return new StoredReading(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        Sql.instant(row.getObject(4)),
        MetricValue.fromColumns(
            row.getString(5),
            number == null ? null : ((Number) number).doubleValue(),
            row.getString(7)),
        row.getString(8),
        ReadingQuality.valueOf(row.getString(9)),
        row.getString(10) == null ? "" : row.getString(10));
  }

  private record StreamKey(String gatewayId, long epoch) {}

  /**
   * A stream locked in this transaction: its high-water mark and gap count as settled so far, the
   * seqs queued in this group (a batch resent within one group is a duplicate, not a key
   * violation), and whether it is in order: nothing stored or evicted beyond the high-water mark,
   * so settling needs no query.
   */
  private static final class Stream {
    final String gatewayId;
    final long epoch;
    final long maxStoredSeq;
    final boolean storedBeyondMark;
    final Set<Long> staged = new HashSet<>();
    long uptoSeq;
    long gapCount;
    long highestSeq;
    boolean inOrder;

    Stream(
        String gatewayId,
        long epoch,
        long uptoSeq,
        long gapCount,
        long maxStoredSeq,
        boolean evictedBeyond) {
      this.gatewayId = gatewayId;
      this.epoch = epoch;
      this.uptoSeq = uptoSeq;
      this.gapCount = gapCount;
      this.maxStoredSeq = maxStoredSeq;
      this.highestSeq = maxStoredSeq;
      this.storedBeyondMark = maxStoredSeq > uptoSeq;
      this.inOrder = maxStoredSeq <= uptoSeq && !evictedBeyond;
    }

    void advance(long newUptoSeq, boolean gap) {
      uptoSeq = newUptoSeq;
      gapCount += gap ? 1 : 0;
    }
  }

  /** A batch whose rows are queued, waiting for the group's rows to be written. */
  private record Staged(
      StreamKey stream,
      long firstSeq,
      int stored,
      int duplicates,
      List<StoredReading> newReadings,
      List<Runnable> afterCommit,
      List<String> unfitRecords) {}

  private Dialect dialect() {
    Dialect known = dialect;
    if (known == null) {
      known = Dialect.of(dataSource);
      dialect = known;
    }
    return known;
  }

  private Dialect dialect(Connection connection) throws SQLException {
    Dialect known = dialect;
    if (known == null) {
      known = Dialect.of(connection.getMetaData().getDatabaseProductName());
      dialect = known;
    }
    return known;
  }
}
