package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.security.Administration;
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
 * API tokens for integrations ({@code Authorization: Bearer ce_...}), managed by admins like users.
 * The bearer text is in the creating answer only; the hub keeps its SHA-256.
 */
@Controller("/api/v1/tokens")
@Secured({Role.SECTOR_ADMIN_NAME, Role.SCHOOL_ADMIN_NAME})
@ExecuteOn(TaskExecutors.BLOCKING)
public class TokensController {
  private final Administration administration;

  public TokensController(Administration administration) {
    this.administration = administration;
  }

  /** Creates a token: name, role, sites; the answer's {@code token} is shown this once. */
  @Post
  public HttpResponse<TokenView> create(@Body TokenRequest request, Authentication authentication) {
    Administration.IssuedToken issued =
        administration.createToken(
            Caller.of(authentication), request.name(), request.role(), request.sites());
    return HttpResponse.created(TokenView.of(issued.token(), issued.bearer()));
  }

  /** Tokens the caller may see, revoked ones included, without their secrets. */
  @Get
  public List<TokenView> list(Authentication authentication) {
    return administration.listTokens(Caller.of(authentication)).stream()
        .map(token -> TokenView.of(token, null))
        .toList();
  }

  /** Revokes the token; requests with it are refused from now on. */
  @Delete("/{id}")
  public HttpResponse<Void> revoke(@PathVariable String id, Authentication authentication) {
    administration.revokeToken(Caller.of(authentication), id);
    return HttpResponse.noContent();
  }
}
