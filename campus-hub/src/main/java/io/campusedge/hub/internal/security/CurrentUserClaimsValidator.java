package io.campusedge.hub.internal.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

/**
 * An access token is good only while its user exists with the account version it was issued for:
 * deleting a user, or changing its role, schools or password, ends its tokens at once.
 */
@Singleton
public class CurrentUserClaimsValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {
  private final UserStore users;

  public CurrentUserClaimsValidator(UserStore users) {
    this.users = users;
  }

  @Override
  public boolean validate(Claims claims, @Nullable HttpRequest<?> request) {
    Object subject = claims.get(Claims.SUBJECT);
    Object version = claims.get(Caller.ATTR_VERSION);
    if (subject == null || !(version instanceof Number issued)) {
      return false;
    }
    return users
        .find(subject.toString())
        .map(user -> user.version() == issued.longValue())
        .orElse(false);
  }
}
