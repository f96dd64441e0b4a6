package io.campusedge.agent.internal.outbox;

import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;

/** Records of a known size for the outbox's eviction and chunk tests. */
final class TestRecords {
  private TestRecords() {}

  /** A reading of {@code metric} of about 100 bytes, numbered {@code i}. */
  static Record reading(String metric, int i) {
    return Record.newBuilder()
        .setReading(
            Reading.newBuilder()
                .setDeviceId("a101-climate")
                .setMetric(metric)
                .setStringValue("v".repeat(80) + i))
        .build();
  }

  static Record tap(int i) {
    return Record.newBuilder()
        .setCardTap(CardTap.newBuilder().setReaderId("door-a101").setSourceTimeMs(i))
        .build();
  }
}
