package io.campusedge.hub.internal.export;

import java.time.Duration;
import java.util.Optional;

/** What became of one try of a delivery. */
sealed interface Outcome {
  String ACCEPTED = "ACCEPTED";
  String REJECTED = "REJECTED";

  /**
   * The receiver has it. {@code answer}: its verdict on the record where it gives one (ACCEPTED, or
   * REJECTED with a reason: not tried again, shown in the reconciliation report).
   */
  record Delivered(Optional<Integer> status, Optional<String> answer, Optional<String> reason)
      implements Outcome {
    static Delivered plain(int status) {
      return new Delivered(Optional.of(status), Optional.empty(), Optional.empty());
    }

    static Delivered accepted(int status) {
      return new Delivered(Optional.of(status), Optional.of(ACCEPTED), Optional.empty());
    }

    /** {@code status} empty: the hub itself could not express the record (e.g. no learner id). */
    static Delivered rejected(Optional<Integer> status, String reason) {
      return new Delivered(status, Optional.of(REJECTED), Optional.of(reason));
    }
  }

  /** Try again after {@code retryAfter} when the receiver asked, else after backoff. */
  record Failed(Optional<Integer> status, String error, Optional<Duration> retryAfter)
      implements Outcome {
    static Failed of(String error) {
      return new Failed(Optional.empty(), error, Optional.empty());
    }
  }
}
