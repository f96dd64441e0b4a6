package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.audit.AuditEntry;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.history.InvalidQueryException;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The audit log, newest first: all of it for a sector admin, its schools' for a school admin. */
@Controller("/api/v1/audit")
@Secured({Role.SECTOR_ADMIN_NAME, Role.SCHOOL_ADMIN_NAME})
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuditController {
  static final int MAX_PAGE_SIZE = 500;

  private final AuditLog audit;
  private final JsonMapper json;

  public AuditController(AuditLog audit, JsonMapper json) {
    this.audit = audit;
    this.json = json;
  }

  /** One audited change. */
  @Serdeable
  public record AuditEntryView(
      long id,
      String at,
      String actor,
      String action,
      String target,
      List<String> sites,
      Map<String, Object> details) {}

  /** A page of the audit log. */
  @Serdeable
  public record AuditPage(int page, int size, List<AuditEntryView> entries) {}

  /**
   * @param page page number from 0 (newest entries)
   * @param size entries per page, 1 to 500 (default 50)
   */
  @Get
  public AuditPage entries(
      @QueryValue @Nullable String page,
      @QueryValue @Nullable String size,
      Authentication authentication) {
    int pageNumber = number("page", page, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
    int pageSize = number("size", size, 50, 1, MAX_PAGE_SIZE);
    List<AuditEntryView> entries =
        audit.page(Caller.of(authentication).siteLimit(), pageNumber, pageSize).stream()
            .map(this::view)
            .toList();
    return new AuditPage(pageNumber, pageSize, entries);
  }

  private AuditEntryView view(AuditEntry entry) {
    try {
      Map<String, Object> details =
          json.readValue(entry.detailsJson(), Argument.mapOf(String.class, Object.class));
      return new AuditEntryView(
          entry.id(),
          entry.at().toString(),
          entry.actor(),
          entry.action(),
          entry.target(),
          List.copyOf(entry.sites()),
          details);
    } catch (IOException e) {
      throw new UncheckedIOException("audit entry " + entry.id() + " has unreadable details", e);
    }
  }

  private static int number(String field, String value, int absent, int min, int max) {
    if (value == null || value.isEmpty()) {
      return absent;
    }
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidQueryException(
        field, value, field + " must be a whole number from " + min + " to " + max);
  }
}
