package io.campusedge.hub.internal.ingest;

import io.campusedge.hub.internal.store.RegisteredGateway;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Topics;
import java.util.Optional;

/** Checks a batch against its topic and the gateway registry before anything is stored. */
final class BatchValidator {
  private BatchValidator() {}

  static Optional<Rejection> validate(
      Topics.Address topic, Batch batch, Optional<RegisteredGateway> registered) {
    Optional<Rejection> sender =
        validateSender(topic, batch.getSite(), batch.getGatewayId(), registered);
    if (sender.isPresent()) {
      return sender;
    }
    if (batch.getRecordsCount() == 0) {
      return reject(RejectCause.EMPTY_BATCH, "batch has no records");
    }
    long previous = 0;
    for (Record record : batch.getRecordsList()) {
      if (record.getSeq() <= previous) {
        return reject(
            RejectCause.INVALID_SEQ,
            "seq " + record.getSeq() + " after " + previous + " (must be > 0 and increasing)");
      }
      previous = record.getSeq();
    }
    return Optional.empty();
  }

  /** The payload must name its own topic's gateway, registered at that site. */
  static Optional<Rejection> validateSender(
      Topics.Address topic, String site, String gatewayId, Optional<RegisteredGateway> registered) {
    if (!topic.site().equals(site) || !topic.gateway().equals(gatewayId)) {
      return reject(
          RejectCause.TOPIC_MISMATCH,
          "payload says " + site + "/" + gatewayId + " on topic " + topic.topic());
    }
    if (registered.isEmpty()) {
      return reject(RejectCause.UNKNOWN_GATEWAY, "gateway " + gatewayId + " is not registered");
    }
    if (!registered.get().site().equals(site)) {
      return reject(
          RejectCause.SITE_MISMATCH,
          "gateway " + gatewayId + " is registered at site " + registered.get().site());
    }
    return Optional.empty();
  }

  private static Optional<Rejection> reject(RejectCause cause, String detail) {
    return Optional.of(new Rejection(cause, detail));
  }
}
