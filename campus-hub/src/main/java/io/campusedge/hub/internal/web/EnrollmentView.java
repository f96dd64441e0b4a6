package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.enrollment.Enrollment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** An enrollment; {@code token} is present only in the answer that created it. */
@Serdeable
public record EnrollmentView(
    String id,
    String site,
    String room,
    String gatewayId,
    String createdBy,
    String createdAt,
    String expiresAt,
    @Nullable String token) {

  static EnrollmentView of(Enrollment enrollment, @Nullable String token) {
    return new EnrollmentView(
        enrollment.id(),
        enrollment.site(),
        enrollment.room(),
        enrollment.gatewayId(),
        enrollment.createdBy(),
        enrollment.createdAt().toString(),
        enrollment.expiresAt().toString(),
        token);
  }
}
