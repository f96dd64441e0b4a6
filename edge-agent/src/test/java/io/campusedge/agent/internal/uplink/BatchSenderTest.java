package io.campusedge.agent.internal.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.agent.internal.outbox.Lane;
import io.campusedge.protos.v1.Ack;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BatchSenderTest {
  private static final String TOPIC = "campusedge/v1/S/gw/data";

  private final MutableClock clock = new MutableClock();
  private final InMemoryOutbox outbox = new InMemoryOutbox(clock);
  private final List<byte[]> published = new ArrayList<>();
  private final AtomicLong nanos = new AtomicLong();

  private BatchSender sender(int maxRecords, int maxBytes, Duration linger, int window) {
    return new BatchSender(
        outbox,
        (topic, payload, retained) -> published.add(payload),
        TOPIC,
        Batch.newBuilder().setGatewayId("gw").setEpoch(outbox.epoch()).build(),
        maxRecords,
        maxBytes,
        linger,
        window,
        Duration.ofSeconds(30),
        clock,
        nanos::get);
  }

  private void append(int count, int valueBytes) {
    for (int i = 0; i < count; i++) {
      Reading reading =
          Reading.newBuilder()
              .setDeviceId("a101-climate")
              .setMetric("note")
              .setStringValue("x".repeat(valueBytes))
              .build();
      outbox.append(Lane.TELEMETRY, Record.newBuilder().setReading(reading).build());
    }
  }

  private List<Batch> batches() throws InvalidProtocolBufferException {
    List<Batch> batches = new ArrayList<>();
    for (byte[] payload : published) {
      batches.add(Batch.parseFrom(payload));
    }
    return batches;
  }

  private static Ack ack(long upTo) {
    return Ack.newBuilder().setEpoch(42).setUptoSeq(upTo).build();
  }

  @Test
  void theBrokersReceiveMaximumBoundsBatchesInFlightBelowTheConfiguredWindow() throws Exception {
    BatchSender sender = sender(10, 1 << 20, Duration.ZERO, 4);
    append(100, 10);
    sender.restartFromLastAck(2, Long.MAX_VALUE);

    sender.fill();
    assertThat(published).hasSize(2);

    sender.onAck(ack(10));
    sender.fill();
    assertThat(published).hasSize(3);
    assertThat(batches().get(2).getRecords(0).getSeq()).isEqualTo(21);
  }

  @Test
  void aReceiveMaximumOfOneStillLetsOneBatchGo() throws Exception {
    BatchSender sender = sender(10, 1 << 20, Duration.ZERO, 4);
    append(30, 10);
    sender.restartFromLastAck(-1, Long.MAX_VALUE);

    sender.fill();

    assertThat(published).hasSize(1);
    assertThat(sender.window()).isEqualTo(1);
  }

  @Test
  void batchesAreCutByBytesAndEveryRecordIsSentOnceInOrder() throws Exception {
    BatchSender sender = sender(500, 4096, Duration.ZERO, 1000);
    append(50, 1000);

    sender.fill();

    List<Long> seqs = new ArrayList<>();
    for (byte[] payload : published) {
      assertThat(payload.length).isLessThanOrEqualTo(4096 + 100);
      Batch.parseFrom(payload).getRecordsList().forEach(r -> seqs.add(r.getSeq()));
    }
    assertThat(published.size()).isGreaterThanOrEqualTo(50 / 4);
    assertThat(seqs).hasSize(50).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void storedRowsAreCopiedIntoTheSameBytesProtobufWouldWrite() throws Exception {
    BatchSender sender = sender(500, 1 << 20, Duration.ZERO, 4);
    append(3, 10);

    sender.fill();

    Batch expected =
        Batch.newBuilder()
            .setGatewayId("gw")
            .setEpoch(outbox.epoch())
            .addAllRecords(batches().get(0).getRecordsList())
            .setSentTimeMs(clock.millis())
            .build();
    assertThat(published.get(0)).isEqualTo(expected.toByteArray());
    assertThat(batches().get(0).getRecordsList())
        .extracting(Record::getSeq)
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void aRecordLargerThanTheByteLimitTravelsAlone() throws Exception {
    BatchSender sender = sender(500, 1024, Duration.ZERO, 10);
    append(2, 5000);

    sender.fill();

    assertThat(batches()).extracting(Batch::getRecordsCount).containsExactly(1, 1);
  }

  @Test
  void theBrokersMaximumPacketSizeShrinksBatches() throws Exception {
    BatchSender sender = sender(500, 1 << 20, Duration.ZERO, 100);
    append(20, 1000);
    sender.restartFromLastAck(100, 4096);

    sender.fill();

    for (byte[] payload : published) {
      assertThat(payload.length).isLessThan(4096);
    }
  }

  @Test
  void lightTrafficLingersSoReadingsShareOneMessage() throws Exception {
    BatchSender sender = sender(500, 1 << 20, Duration.ofMillis(200), 4);
    append(3, 10);

    sender.fill();
    assertThat(published).isEmpty();
    assertThat(sender.lingerRemainingMs()).isEqualTo(200);

    clock.advance(Duration.ofMillis(120));
    append(2, 10);
    sender.fill();
    assertThat(published).isEmpty();

    clock.advance(Duration.ofMillis(80));
    sender.fill();
    assertThat(batches()).extracting(Batch::getRecordsCount).containsExactly(5);
    assertThat(sender.lingerRemainingMs()).isZero();
  }

  @Test
  void aFullBatchDoesNotLinger() throws Exception {
    BatchSender sender = sender(10, 1 << 20, Duration.ofSeconds(5), 4);
    append(25, 10);

    sender.fill();

    assertThat(batches()).extracting(Batch::getRecordsCount).containsExactly(10, 10);
  }

  @Test
  void aClockThatWentBackDoesNotHoldABatch() throws Exception {
    BatchSender sender = sender(500, 1 << 20, Duration.ofMillis(200), 4);
    append(1, 10);
    clock.advance(Duration.ofHours(-1));

    sender.fill();

    assertThat(published).hasSize(1);
  }

  @Test
  void evictedRangesTravelWithTheBatchThatCoversThemAndAgainAfterAReconnect() throws Exception {
    BatchSender sender = sender(4, 1 << 20, Duration.ZERO, 10);
    append(12, 10);
    outbox.evict(3, 5);
    outbox.evict(11, 12);

    sender.fill();

    List<Batch> batches = batches();
    assertThat(batches.get(0).getRecordsList())
        .extracting(Record::getSeq)
        .containsExactly(1L, 2L, 6L, 7L);
    assertThat(batches.get(0).getEvictedList())
        .extracting(r -> r.getFirst() + ".." + r.getLast())
        .containsExactly("3..5");
    assertThat(batches).hasSize(2);
    assertThat(batches.get(1).getEvictedList()).isEmpty();

    published.clear();
    sender.restartFromLastAck(10, Long.MAX_VALUE);
    sender.fill();
    assertThat(batches().get(0).getEvictedList()).hasSize(1);
  }

  /** A wall clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-03-02T07:30:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
