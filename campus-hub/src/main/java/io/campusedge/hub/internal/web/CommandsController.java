package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.command.CommandRequest;
import io.campusedge.hub.internal.command.GatewayCommands;
import io.campusedge.hub.internal.command.SentCommand;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;

/**
 * Commands to gateways (rebirth, restart a device, a device action such as a projector's power off,
 * device configuration changes, an update offer) and their results: administrators and technicians
 * of the gateway's school.
 */
@Controller("/api/v1")
@Secured({Role.SECTOR_ADMIN_NAME, Role.SCHOOL_ADMIN_NAME, Role.TECHNICIAN_NAME})
@ExecuteOn(TaskExecutors.BLOCKING)
public class CommandsController {
  private final GatewayCommands commands;

  public CommandsController(GatewayCommands commands) {
    this.commands = commands;
  }

  /**
   * Sends a command; 202 with its id and status SENT (or NOT_SENT when the hub cannot reach the
   * broker now). Poll {@code GET /api/v1/commands/{id}} for the gateway's result.
   */
  @Post("/gateways/{gatewayId}/commands")
  public HttpResponse<SentCommand> send(
      @PathVariable String gatewayId, @Body CommandRequest request, Authentication authentication) {
    SentCommand sent = commands.send(Caller.of(authentication), gatewayId, request);
    return HttpResponse.accepted().body(sent);
  }

  /** The gateway's commands, newest first (at most {@code limit}, default 50). */
  @Get("/gateways/{gatewayId}/commands")
  public List<SentCommand> list(
      @PathVariable String gatewayId,
      @QueryValue @Nullable Integer limit,
      Authentication authentication) {
    int max = limit == null ? 50 : limit;
    if (max < 1 || max > 1000) {
      throw RejectedException.invalid("limit " + max + " is not within 1-1000");
    }
    return commands.list(Caller.of(authentication), gatewayId, max);
  }

  @Get("/commands/{id}")
  public SentCommand get(@PathVariable String id, Authentication authentication) {
    return commands.get(Caller.of(authentication), id);
  }
}
