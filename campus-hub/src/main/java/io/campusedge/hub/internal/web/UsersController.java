package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.security.Administration;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;

/**
 * User administration: a sector admin for every school, a school admin for users wholly inside its
 * schools (and never a sector admin). Roles: SECTOR_ADMIN, SCHOOL_ADMIN, TEACHER, TECHNICIAN,
 * LAB_STAFF.
 */
@Controller("/api/v1/users")
@Secured({Role.SECTOR_ADMIN_NAME, Role.SCHOOL_ADMIN_NAME})
@ExecuteOn(TaskExecutors.BLOCKING)
public class UsersController {
  private final Administration administration;

  public UsersController(Administration administration) {
    this.administration = administration;
  }

  /** Creates a user: username, password (at least 10 characters), role, sites. */
  @Post
  public HttpResponse<UserView> create(@Body UserRequest request, Authentication authentication) {
    return HttpResponse.created(
        UserView.of(
            administration.createUser(
                Caller.of(authentication),
                request.username(),
                request.password(),
                request.role(),
                request.sites())));
  }

  /** Users the caller may see. */
  @Get
  public List<UserView> list(Authentication authentication) {
    return administration.listUsers(Caller.of(authentication)).stream().map(UserView::of).toList();
  }

  @Get("/{username}")
  public UserView get(@PathVariable String username, Authentication authentication) {
    return UserView.of(administration.user(Caller.of(authentication), username));
  }

  /** Changes role, sites and/or password (fields left out stay); ends the user's sessions. */
  @Patch("/{username}")
  public UserView update(
      @PathVariable String username, @Body UserRequest request, Authentication authentication) {
    return UserView.of(
        administration.updateUser(
            Caller.of(authentication),
            username,
            request.role(),
            request.sites(),
            request.password()));
  }

  @Delete("/{username}")
  public HttpResponse<Void> delete(@PathVariable String username, Authentication authentication) {
    administration.deleteUser(Caller.of(authentication), username);
    return HttpResponse.noContent();
  }
}
