package io.campusedge.agent.internal.outbox;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.protos.v1.Record;

/** One pending row: {@code payload} is the serialized {@link Record}, seq and clock included. */
public record StoredRecord(long seq, Lane lane, long createdMs, byte[] payload) {

  public Record toRecord() throws InvalidProtocolBufferException {
    return Record.parseFrom(payload);
  }
}
