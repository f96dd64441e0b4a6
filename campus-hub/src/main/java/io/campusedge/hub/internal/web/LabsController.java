package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.labs.Instrument;
import io.campusedge.hub.internal.labs.Instruments;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import java.util.Optional;

/** Lab instruments and other equipment with their live state: admins, lab staff, technicians. */
@Controller("/api/v1/equipment-states")
@Secured({
  Role.SECTOR_ADMIN_NAME,
  Role.SCHOOL_ADMIN_NAME,
  Role.LAB_STAFF_NAME,
  Role.TECHNICIAN_NAME
})
@ExecuteOn(TaskExecutors.BLOCKING)
public class LabsController {
  private final Instruments instruments;

  public LabsController(Instruments instruments) {
    this.instruments = instruments;
  }

  /**
   * Devices that report equipment events (state, runs, alarms) in the caller's schools.
   *
   * @param site school code; 403 if outside the caller's schools
   * @param lab true (default): lab instruments only (OPC UA, Modbus); false: projectors and boards
   *     too
   */
  @Get
  public List<Instrument> states(
      @QueryValue @Nullable String site,
      @QueryValue @Nullable Boolean lab,
      Authentication authentication) {
    Caller caller = Caller.of(authentication);
    Optional<String> oneSite = Optional.ofNullable(site).filter(s -> !s.isEmpty());
    oneSite.ifPresent(caller::requireSite);
    return instruments.list(oneSite, lab == null || lab).stream()
        .filter(instrument -> caller.canSee(instrument.site()))
        .toList();
  }
}
