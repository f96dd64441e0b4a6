package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.facilities.Facilities;
import io.campusedge.hub.internal.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Optional;

/**
 * A school's facility records: room records and the equipment inventory. Every role reads its own
 * schools; administrators import; technicians and administrators change an asset.
 */
@Controller("/api/v1/sites/{site}")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class FacilitiesController {
  private static final MediaType CSV = MediaType.of("text/csv; charset=utf-8");

  private final Facilities facilities;

  /** A change to one asset; absent fields stay as they are, a blank {@code notes} clears them. */
  @Serdeable
  public record EquipmentChange(
      @Nullable String status, @Nullable String notes, @Nullable String lastMaintenance) {}

  public FacilitiesController(Facilities facilities) {
    this.facilities = facilities;
  }

  /**
   * Replaces the school's room records with a CSV: roomId,name,building,kind,capacity. All or
   * nothing: any problem answers 400 with every problem's line.
   */
  @Put(
      value = "/facilities",
      consumes = {"text/csv", MediaType.TEXT_PLAIN})
  public Facilities.RoomsSummary importRooms(
      @PathVariable String site, @Body byte[] csv, Authentication authentication) {
    return facilities.importRooms(Caller.of(authentication), site, csv);
  }

  /** Recorded rooms, and rooms reported by gateways but not recorded (UNRECORDED). */
  @Get("/facilities/rooms")
  public List<Facilities.RoomRecordView> rooms(
      @PathVariable String site, Authentication authentication) {
    return facilities.rooms(Caller.of(authentication), site);
  }

  /**
   * The recorded rooms in the import's columns ({@code roomId,name,building,kind,capacity}), so an
   * export imports again unchanged; rooms only gateways reported are not records and left out.
   */
  @Get(value = "/facilities/rooms.csv", produces = "text/csv")
  public HttpResponse<String> roomsCsv(@PathVariable String site, Authentication authentication) {
    return CsvReport.of(
        "rooms-" + site + ".csv",
        List.of("roomId", "name", "building", "kind", "capacity"),
        facilities.rooms(Caller.of(authentication), site).stream()
            .filter(room -> room.record().equals("RECORDED"))
            .toList(),
        room ->
            java.util.Arrays.asList(
                room.roomId(), room.name(), room.building(), room.kind(), room.capacity()));
  }

  /**
   * Replaces the school's equipment inventory with a CSV in the columns of {@code equipment.csv}.
   * All or nothing.
   */
  @Put(
      value = "/equipment",
      consumes = {"text/csv", MediaType.TEXT_PLAIN})
  public Facilities.EquipmentSummary importEquipment(
      @PathVariable String site, @Body byte[] csv, Authentication authentication) {
    return facilities.importEquipment(Caller.of(authentication), site, csv);
  }

  /** The inventory with last seen, usage hours and maintenance due, optionally filtered. */
  @Get("/equipment")
  public List<Facilities.EquipmentView> equipment(
      @PathVariable String site,
      @QueryValue @Nullable String room,
      @QueryValue @Nullable String status,
      Authentication authentication) {
    return facilities.equipment(
        Caller.of(authentication), site, Optional.ofNullable(room), Optional.ofNullable(status));
  }

  /** The inventory as a CSV the equipment import takes back unchanged. */
  @Get(value = "/equipment.csv", produces = "text/csv")
  public HttpResponse<String> equipmentCsv(
      @PathVariable String site, Authentication authentication) {
    String csv = facilities.equipmentCsv(Caller.of(authentication), site);
    return HttpResponse.ok(csv)
        .contentType(CSV)
        .header(
            "Content-Disposition",
            "attachment; filename=\"equipment-"
                + site.replaceAll("[^A-Za-z0-9_-]", "_")
                + ".csv\"");
  }

  /** Changes an asset's status, notes or last maintenance date; audited with before and after. */
  @Patch("/equipment/{assetCode}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Facilities.EquipmentView change(
      @PathVariable String site,
      @PathVariable String assetCode,
      @Body EquipmentChange change,
      Authentication authentication) {
    return facilities.update(
        Caller.of(authentication),
        site,
        assetCode,
        Optional.ofNullable(change.status()),
        Optional.ofNullable(change.notes()),
        Optional.ofNullable(change.lastMaintenance()));
  }
}
