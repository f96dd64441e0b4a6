package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.enrollment.Enrollments;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.time.Instant;

/**
 * {@code POST /api/v1/enroll}: a gateway exchanges its one-time token for its credentials. No
 * login: the token itself, in the body or as {@code Authorization: Bearer cen_...}, authenticates.
 */
@Controller("/api/v1/enroll")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class EnrollController {
  private static final String BEARER = "Bearer ";
  private final Enrollments enrollments;

  public EnrollController(Enrollments enrollments) {
    this.enrollments = enrollments;
  }

  @Post
  public HttpResponse<EnrolledGatewayView> enroll(
      HttpRequest<?> request, @Nullable @Body EnrollRequest body) {
    Enrollments.Credentials credentials =
        enrollments.exchange(
            token(request, body),
            request.getHeaders().get(HttpHeaders.HOST),
            request.getRemoteAddress().getAddress().getHostAddress());
    return HttpResponse.ok(EnrolledGatewayView.of(credentials, Instant.now()))
        .header(HttpHeaders.CACHE_CONTROL, "no-store");
  }

  private static String token(HttpRequest<?> request, @Nullable EnrollRequest body) {
    if (body != null && body.token() != null && !body.token().isBlank()) {
      return body.token();
    }
    String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return authorization.substring(BEARER.length()).strip();
    }
    return null;
  }
}
