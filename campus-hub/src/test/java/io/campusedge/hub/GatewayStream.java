package io.campusedge.hub;

import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * A gateway's outbox in miniature: numbered batches of readings, published in order and published
 * again from the first unacked one when asked, like the agent does after its ack timeout.
 */
final class GatewayStream {
  private final TestGateway gateway;
  private final long epoch;
  private final int batches;
  private final int recordsPerBatch;
  private int published;

  GatewayStream(TestGateway gateway, long epoch, int batches, int recordsPerBatch) {
    this.gateway = gateway;
    this.epoch = epoch;
    this.batches = batches;
    this.recordsPerBatch = recordsPerBatch;
  }

  long lastSeq() {
    return (long) batches * recordsPerBatch;
  }

  boolean fullyAcked() {
    return gateway.ackedUpTo(epoch) == lastSeq();
  }

  long ackedUpTo() {
    return gateway.ackedUpTo(epoch);
  }

  /** Publishes the next {@code count} batches not published yet; false when all are out. */
  boolean publishNext(int count) throws MqttException {
    for (int i = 0; i < count && published < batches; i++) {
      gateway.publishBatch(batch(published++));
    }
    return published < batches;
  }

  void publishAll() throws MqttException {
    publishNext(batches);
  }

  /** Publishes again every batch published but not acked yet. */
  int resendUnacked() throws MqttException {
    long acked = gateway.ackedUpTo(epoch);
    int resent = 0;
    for (int index = (int) (acked / recordsPerBatch); index < published; index++) {
      gateway.publishBatch(batch(index));
      resent++;
    }
    return resent;
  }

  Batch firstBatch() {
    return batch(0);
  }

  private Batch batch(int index) {
    Batch.Builder batch =
        Batch.newBuilder()
            .setSite(gateway.site)
            .setGatewayId(gateway.id)
            .setEpoch(epoch)
            .setSentTimeMs(System.currentTimeMillis());
    long first = (long) index * recordsPerBatch + 1;
    for (long seq = first; seq < first + recordsPerBatch; seq++) {
      batch.addRecords(
          Record.newBuilder()
              .setSeq(seq)
              .setReading(
                  Reading.newBuilder()
                      .setDeviceId("bme1")
                      .setMetric("temperature")
                      // 2026-03-02T01:00:00Z plus seq seconds
                      .setSourceTimeMs(1_772_413_200_000L + seq * 1_000)
                      .setDoubleValue(20 + seq % 10)
                      .setUnit("Cel")
                      .setQuality(Quality.QUALITY_GOOD)));
    }
    return batch.build();
  }
}
