package io.campusedge.hub.internal.ingest;

import java.util.Locale;

/** Why a message on a gateway topic was not stored. */
public enum RejectCause {
  /** Not a protobuf Batch / GatewayState. */
  MALFORMED_PAYLOAD,
  /** The gateway id is not in the registry. */
  UNKNOWN_GATEWAY,
  /** The registry has the gateway at another site than the topic says. */
  SITE_MISMATCH,
  /** The payload names another site or gateway than its topic. */
  TOPIC_MISMATCH,
  EMPTY_BATCH,
  /** A seq of 0 or seqs not strictly increasing. */
  INVALID_SEQ,
  /**
   * A record the database columns cannot hold (an over-long id or value, a time out of range): its
   * {@code record} row with the payload is stored and acked; it gets no reading, attendance or
   * equipment rows and no live update.
   */
  RECORD_UNFIT,
  /** The database failed; the batch is not acked, so the gateway sends it again. */
  STORE_FAILED;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
