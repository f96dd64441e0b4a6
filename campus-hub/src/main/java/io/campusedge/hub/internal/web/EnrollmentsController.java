package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.enrollment.Enrollments;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;

/**
 * One-time gateway enrollment tokens. Sector admins, and school admins and technicians of the
 * token's school (technicians install the gateways), create, list and revoke them.
 */
@Controller("/api/v1/enrollments")
@Secured({Role.SECTOR_ADMIN_NAME, Role.SCHOOL_ADMIN_NAME, Role.TECHNICIAN_NAME})
@ExecuteOn(TaskExecutors.BLOCKING)
public class EnrollmentsController {
  private final Enrollments enrollments;

  public EnrollmentsController(Enrollments enrollments) {
    this.enrollments = enrollments;
  }

  /** Creates a token for a room; the answer's {@code token} is shown this once. */
  @Post
  public HttpResponse<EnrollmentView> create(
      @Body EnrollmentRequest request, Authentication authentication) {
    Enrollments.Issued issued =
        enrollments.create(
            Caller.of(authentication),
            request.site(),
            request.room(),
            request.gatewayId(),
            request.expiresIn());
    return HttpResponse.created(EnrollmentView.of(issued.enrollment(), issued.token()));
  }

  /** Tokens not yet used, revoked or expired, without their secrets. */
  @Get
  public List<EnrollmentView> pending(Authentication authentication) {
    return enrollments.pending(Caller.of(authentication)).stream()
        .map(enrollment -> EnrollmentView.of(enrollment, null))
        .toList();
  }

  /** Revokes an unused token; exchanging it is refused from now on. */
  @Delete("/{id}")
  public HttpResponse<Void> revoke(@PathVariable String id, Authentication authentication) {
    enrollments.revoke(Caller.of(authentication), id);
    return HttpResponse.noContent();
  }
}
