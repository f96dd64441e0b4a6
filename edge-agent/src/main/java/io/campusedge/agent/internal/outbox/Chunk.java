package io.campusedge.agent.internal.outbox;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.sql.SQLDataException;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the outbox's {@code chunk} table: records of one lane with increasing seqs (a run of
 * one group, or what eviction left of one). The body holds, per record, {@code [varint seq][varint
 * created_ms][varint length][payload]}; the columns beside it (seq span, count, payload bytes,
 * oldest and newest time) let acks, stats and reads skip decoding whole chunks.
 */
record Chunk(Lane lane, boolean thinned, List<StoredRecord> records) {
  // A group of up to 2,000 records becomes a few rows of moderate size, not one large value.
  static final int MAX_RECORDS = 500;
  static final int MAX_BODY_BYTES = 64 * 1024;

  Chunk {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a chunk holds at least one record");
    }
    records = List.copyOf(records);
  }

  long firstSeq() {
    return records.get(0).seq();
  }

  long lastSeq() {
    return records.get(records.size() - 1).seq();
  }

  /** Payload bytes, as the outbox's lane accounting counts them (the framing is not counted). */
  long bytes() {
    return records.stream().mapToLong(r -> r.payload().length).sum();
  }

  long oldestMs() {
    return records.stream().mapToLong(StoredRecord::createdMs).min().orElseThrow();
  }

  long newestMs() {
    return records.stream().mapToLong(StoredRecord::createdMs).max().orElseThrow();
  }

  /**
   * Cuts {@code records} (in seq order) into chunks: a new one at every change of lane and before
   * one would pass {@link #MAX_RECORDS} or {@link #MAX_BODY_BYTES}.
   */
  static List<Chunk> cut(List<StoredRecord> records, boolean thinned) {
    List<Chunk> chunks = new ArrayList<>();
    List<StoredRecord> run = new ArrayList<>();
    long runBytes = 0;
    for (StoredRecord record : records) {
      long size = entrySize(record);
      boolean full = run.size() >= MAX_RECORDS || runBytes + size > MAX_BODY_BYTES;
      if (!run.isEmpty() && (full || run.get(0).lane() != record.lane())) {
        chunks.add(new Chunk(run.get(0).lane(), thinned, run));
        run.clear();
        runBytes = 0;
      }
      run.add(record);
      runBytes += size;
    }
    if (!run.isEmpty()) {
      chunks.add(new Chunk(run.get(0).lane(), thinned, run));
    }
    return chunks;
  }

  /** This chunk with only {@code kept} (a subset of its records, in seq order). */
  Chunk with(List<StoredRecord> kept, boolean thinnedNow) {
    return new Chunk(lane, thinnedNow, kept);
  }

  byte[] body() {
    long size = records.stream().mapToLong(Chunk::entrySize).sum();
    byte[] body = new byte[Math.toIntExact(size)];
    CodedOutputStream out = CodedOutputStream.newInstance(body);
    try {
      for (StoredRecord record : records) {
        out.writeUInt64NoTag(record.seq());
        out.writeUInt64NoTag(record.createdMs());
        out.writeUInt32NoTag(record.payload().length);
        out.writeRawBytes(record.payload());
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("chunk encoding miscounted its size", e);
    }
    return body;
  }

  private static long entrySize(StoredRecord record) {
    int length = record.payload().length;
    return CodedOutputStream.computeUInt64SizeNoTag(record.seq())
        + CodedOutputStream.computeUInt64SizeNoTag(record.createdMs())
        + CodedOutputStream.computeUInt32SizeNoTag(length)
        + length;
  }

  /** The records of a stored body; a body that does not parse is reported with its row's key. */
  static List<StoredRecord> decode(long firstSeq, Lane lane, byte[] body) throws SQLDataException {
    List<StoredRecord> records = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(body);
    try {
      while (!in.isAtEnd()) {
        long seq = in.readRawVarint64();
        long createdMs = in.readRawVarint64();
        int length = in.readRawVarint32();
        records.add(new StoredRecord(seq, lane, createdMs, in.readRawBytes(length)));
      }
    } catch (IOException e) {
      throw new SQLDataException("outbox chunk " + firstSeq + " is unreadable: " + e.getMessage());
    }
    if (records.isEmpty() || records.get(0).seq() != firstSeq) {
      throw new SQLDataException("outbox chunk " + firstSeq + " does not start at its own seq");
    }
    return records;
  }
}
