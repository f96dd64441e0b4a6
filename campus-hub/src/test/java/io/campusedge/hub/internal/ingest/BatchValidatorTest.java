package io.campusedge.hub.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.store.RegisteredGateway;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Topics;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchValidatorTest {
  private static final Topics.Address TOPIC = new Topics.Address("s1", "gw1", Topics.Kind.DATA);
  private static final Optional<RegisteredGateway> REGISTERED =
      Optional.of(new RegisteredGateway("gw1", "s1"));

  @Test
  void acceptsAWellFormedBatchOfARegisteredGateway() {
    assertThat(BatchValidator.validate(TOPIC, batch("s1", "gw1", 1, 2, 3), REGISTERED)).isEmpty();
  }

  @Test
  void rejectsAPayloadNamingAnotherGatewayThanItsTopic() {
    assertThat(cause(batch("s1", "gw2", 1), REGISTERED)).contains(RejectCause.TOPIC_MISMATCH);
    assertThat(cause(batch("s2", "gw1", 1), REGISTERED)).contains(RejectCause.TOPIC_MISMATCH);
  }

  @Test
  void rejectsUnknownGateways() {
    assertThat(cause(batch("s1", "gw1", 1), Optional.empty()))
        .contains(RejectCause.UNKNOWN_GATEWAY);
  }

  @Test
  void rejectsAGatewayRegisteredAtAnotherSite() {
    assertThat(cause(batch("s1", "gw1", 1), Optional.of(new RegisteredGateway("gw1", "s9"))))
        .contains(RejectCause.SITE_MISMATCH);
  }

  @Test
  void rejectsEmptyBatchesAndBadSequences() {
    assertThat(cause(batch("s1", "gw1"), REGISTERED)).contains(RejectCause.EMPTY_BATCH);
    assertThat(cause(batch("s1", "gw1", 0), REGISTERED)).contains(RejectCause.INVALID_SEQ);
    assertThat(cause(batch("s1", "gw1", 2, 2), REGISTERED)).contains(RejectCause.INVALID_SEQ);
    assertThat(cause(batch("s1", "gw1", 3, 1), REGISTERED)).contains(RejectCause.INVALID_SEQ);
  }

  private static Optional<RejectCause> cause(Batch batch, Optional<RegisteredGateway> registered) {
    return BatchValidator.validate(TOPIC, batch, registered).map(Rejection::cause);
  }

  private static Batch batch(String site, String gateway, long... seqs) {
    Batch.Builder batch = Batch.newBuilder().setSite(site).setGatewayId(gateway).setEpoch(1);
    for (long seq : seqs) {
      batch.addRecords(Record.newBuilder().setSeq(seq));
    }
    return batch.build();
  }
}
