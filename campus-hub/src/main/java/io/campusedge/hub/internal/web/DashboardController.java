package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.config.AttendanceConfig;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;

/** The dashboard's entry (the hub's root opens it) and what it needs to know of the hub. */
@Controller
public class DashboardController {
  private final AttendanceConfig attendance;

  /** The schools' time zone: the dashboard reads timetables (local times) with it. */
  @Serdeable
  public record HubInfo(String timezone) {}

  public DashboardController(AttendanceConfig attendance) {
    this.attendance = attendance;
  }

  @Get
  @Hidden
  @Secured(SecurityRule.IS_ANONYMOUS)
  public HttpResponse<Void> root() {
    return HttpResponse.seeOther(URI.create("/ui/index.html"));
  }

  @Get("/ui")
  @Hidden
  @Secured(SecurityRule.IS_ANONYMOUS)
  public HttpResponse<Void> ui() {
    return HttpResponse.seeOther(URI.create("/ui/index.html"));
  }

  /** Hub facts a client needs: the schools' time zone. */
  @Get("/api/v1/hub")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  public HubInfo hub() {
    return new HubInfo(attendance.timezone());
  }
}
