package io.campusedge.hub.internal.enrollment;

/** What became of an attempt to use an enrollment token. */
sealed interface Claim {

  /** The token was valid and is now used: this caller, and nobody else, enrolls. */
  record Claimed(Enrollment enrollment) implements Claim {}

  /** No such token, or the secret part is wrong. */
  record Unknown() implements Claim {}

  /** A real token that can no longer be used. */
  record Refused(Enrollment enrollment, Reason reason) implements Claim {}

  enum Reason {
    USED,
    REVOKED,
    EXPIRED
  }
}
