package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.labs.EquipmentTimeline;
import io.campusedge.hub.internal.labs.Instrument;
import io.campusedge.hub.internal.labs.Instruments;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
  private final EquipmentTimeline timelines;

  public LabsController(Instruments instruments, EquipmentTimeline timelines) {
    this.instruments = instruments;
    this.timelines = timelines;
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

  /**
   * A device's states, runs (with their attributes) and alarms over a time range, from its stored
   * equipment events.
   *
   * @param from ISO-8601 instant (default: 24 hours before {@code to})
   * @param to ISO-8601 instant (default: now); at most 31 days after {@code from}
   */
  @Get("/{gatewayId}/{deviceId}/timeline")
  public EquipmentTimeline.Timeline timeline(
      @PathVariable String gatewayId,
      @PathVariable String deviceId,
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String to,
      Authentication authentication) {
    Caller caller = Caller.of(authentication);
    String site =
        timelines
            .siteOf(gatewayId, deviceId)
            .filter(caller::canSee)
            .orElseThrow(
                () ->
                    RejectedException.notFound(
                        "no equipment state for device " + deviceId + " on " + gatewayId));
    Instant end = to == null || to.isBlank() ? Instant.now() : instant("to", to);
    Instant start =
        from == null || from.isBlank() ? end.minus(Duration.ofDays(1)) : instant("from", from);
    return timelines.of(site, gatewayId, deviceId, start, end);
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw RejectedException.invalid(
          name + " '" + value + "' is not an ISO-8601 instant such as 2026-12-07T01:00:00Z");
    }
  }
}
