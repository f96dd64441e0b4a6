package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.facilities.SchoolSites;
import io.campusedge.hub.internal.security.Caller;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The schools (sites): every role lists its own; administrators record names and provinces. */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SitesController {
  private final SchoolSites sites;

  /** How many schools an import recorded. */
  @Serdeable
  public record SitesImported(int schools) {}

  public SitesController(SchoolSites sites) {
    this.sites = sites;
  }

  /** The caller's schools with name, province, rooms, buildings and gateways (online). */
  @Get("/sites")
  public List<SchoolSites.SiteView> list(Authentication authentication) {
    return sites.list(Caller.of(authentication));
  }

  /** The recorded schools as CSV: {@code schoolCode,name,province}. */
  @Get(value = "/sites.csv", produces = "text/csv")
  public HttpResponse<String> csv(Authentication authentication) {
    return HttpResponse.ok(sites.csv(Caller.of(authentication)))
        .header("Content-Disposition", "attachment; filename=\"sites.csv\"");
  }

  /**
   * Records many schools from CSV ({@code schoolCode,name,province}): sector administrators; all or
   * nothing with line-numbered problems; schools not in the file stay.
   */
  @Put(
      value = "/sites",
      consumes = {"text/csv", MediaType.TEXT_PLAIN})
  public SitesImported importCsv(@Body byte[] csv, Authentication authentication) {
    return new SitesImported(sites.importCsv(Caller.of(authentication), csv));
  }

  /** Records one school's name (required) and province: its administrators. */
  @Put("/sites/{site}")
  @Consumes(MediaType.APPLICATION_JSON)
  public SchoolSites.SiteView record(
      @PathVariable String site,
      @Body SchoolSites.SiteRecord record,
      Authentication authentication) {
    return sites.record(Caller.of(authentication), site, record);
  }
}
