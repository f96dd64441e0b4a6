package io.campusedge.hub.internal.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * API tokens ({@code Authorization: Bearer ce_...}) beside JWTs: a bearer that is not in the token
 * format is left to the JWT validator; one that is, is looked up (revoked: refused at once).
 */
@Singleton
public class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {
  private final ApiTokenStore tokens;

  public ApiTokenValidator(ApiTokenStore tokens) {
    this.tokens = tokens;
  }

  @Override
  public Publisher<Authentication> validateToken(String token, @Nullable HttpRequest<?> request) {
    Optional<ApiTokenSecret> secret = ApiTokenSecret.parse(token);
    if (secret.isEmpty()) {
      return Mono.empty();
    }
    return Mono.fromCallable(() -> tokens.authenticate(secret.get()))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            found ->
                found.map(ApiTokenValidator::authentication).map(Mono::just).orElse(Mono.empty()));
  }

  private static Authentication authentication(ApiToken token) {
    return Authentication.build(
        token.id(),
        List.of(token.role().name()),
        Map.of(
            Caller.ATTR_KIND,
            Caller.Kind.TOKEN.name(),
            Caller.ATTR_SITES,
            List.copyOf(token.sites()),
            "tokenName",
            token.name()));
  }
}
