package io.campusedge.agent.internal.uplink;

import com.google.protobuf.CodedOutputStream;
import io.campusedge.agent.internal.outbox.EvictedRange;
import io.campusedge.agent.internal.outbox.StoredRecord;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.SeqRange;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The native contract: one {@link Batch} per batch of records, QoS 1 on the data topic. */
final class NativeBatches implements BatchPublisher {
  private static final int RECORDS_FIELD = Batch.RECORDS_FIELD_NUMBER;
  private static final int SENT_TIME_FIELD = Batch.SENT_TIME_MS_FIELD_NUMBER;
  private static final int EVICTED_FIELD = Batch.EVICTED_FIELD_NUMBER;

  private final Publisher publisher;
  private final String topic;
  private final byte[] headerBytes;
  private final Clock wall;

  NativeBatches(Publisher publisher, String topic, Batch header, Clock wall) {
    this.publisher = publisher;
    this.topic = topic;
    this.headerBytes =
        header.toBuilder().clearRecords().clearSentTimeMs().clearEvicted().build().toByteArray();
    this.wall = wall;
  }

  @Override
  public void publish(List<StoredRecord> records, List<EvictedRange> evicted)
      throws UplinkException {
    publisher.publish(topic, encode(records, evicted), false);
  }

  /**
   * The {@link Batch} wire format written directly: a stored row already is an encoded {@link
   * Record}, so it is copied as the bytes of a {@code records} field instead of being parsed and
   * encoded again (the same bytes {@code Batch.toByteArray()} would give).
   */
  private byte[] encode(List<StoredRecord> records, List<EvictedRange> evicted) {
    long sentTimeMs = wall.millis();
    List<SeqRange> ranges = new ArrayList<>(evicted.size());
    int size = headerBytes.length;
    if (sentTimeMs != 0) {
      size += CodedOutputStream.computeInt64Size(SENT_TIME_FIELD, sentTimeMs);
    }
    for (StoredRecord record : records) {
      size += CodedOutputStream.computeByteArraySize(RECORDS_FIELD, record.payload());
    }
    for (EvictedRange range : evicted) {
      SeqRange seqRange =
          SeqRange.newBuilder().setFirst(range.first()).setLast(range.last()).build();
      ranges.add(seqRange);
      size += CodedOutputStream.computeMessageSize(EVICTED_FIELD, seqRange);
    }
    byte[] bytes = new byte[size];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeRawBytes(headerBytes);
      for (StoredRecord record : records) {
        out.writeByteArray(RECORDS_FIELD, record.payload());
      }
      if (sentTimeMs != 0) {
        out.writeInt64(SENT_TIME_FIELD, sentTimeMs);
      }
      for (SeqRange range : ranges) {
        out.writeMessage(EVICTED_FIELD, range);
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("batch encoding miscounted its size", e);
    }
    return bytes;
  }
}
