package io.campusedge.hub.internal.export;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * OAuth 2.0 client credentials grant (RFC 6749 section 4.4) for the Ed-Fi ODS/API and the sector
 * feed: the client authenticates with HTTP Basic (section 2.3.1, id and secret form-urlencoded),
 * the token is kept until {@code expires_in} (less a margin) and fetched again once when the
 * resource server answers 401. Tokens and secrets are never logged.
 */
final class OAuthClientCredentials {
  private static final Duration MARGIN = Duration.ofSeconds(30);
  private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  private final HttpClient client;
  private final JsonMapper json;
  private final Clock clock;
  private final Duration timeout;
  private final Backoff backoff;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  private record Token(String value, Instant expires) {
    @Override
    public String toString() {
      return "Token[***, expires=" + expires + "]";
    }
  }

  /** The token endpoint did not give a token; {@code outcome} says when to try again. */
  static final class TokenRefused extends Exception {
    private final Outcome.Failed outcome;

    TokenRefused(Outcome.Failed outcome) {
      super(outcome.error());
      this.outcome = outcome;
    }

    Outcome.Failed outcome() {
      return outcome;
    }
  }

  OAuthClientCredentials(
      HttpClient client, JsonMapper json, Clock clock, Duration timeout, Backoff backoff) {
    this.client = client;
    this.json = json;
    this.clock = clock;
    this.timeout = timeout;
    this.backoff = backoff;
  }

  /**
   * Sends what {@code request} builds with a bearer token (or none without OAuth settings); on 401
   * forgets the token and sends once more with a new one.
   */
  HttpResponse<String> send(Destination destination, Function<String, HttpRequest> request)
      throws IOException, InterruptedException, TokenRefused {
    if (!destination.settings().oauth()) {
      return client.send(request.apply(null), HttpResponse.BodyHandlers.ofString());
    }
    HttpResponse<String> response =
        client.send(request.apply(token(destination)), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 401) {
      return response;
    }
    tokens.remove(destination.id());
    return client.send(request.apply(token(destination)), HttpResponse.BodyHandlers.ofString());
  }

  private String token(Destination destination)
      throws IOException, InterruptedException, TokenRefused {
    Instant now = clock.instant();
    Token cached = tokens.get(destination.id());
    if (cached != null && now.isBefore(cached.expires())) {
      return cached.value();
    }
    Token fresh = fetch(destination, now);
    tokens.put(destination.id(), fresh);
    return fresh.value();
  }

  private Token fetch(Destination destination, Instant now)
      throws IOException, InterruptedException, TokenRefused {
    String id = destination.settings().clientId().orElseThrow();
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (form(id) + ":" + form(destination.secret())).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(destination.settings().tokenUrl().orElseThrow()))
            .timeout(timeout)
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    int status = response.statusCode();
    if (status != 200) {
      Optional<Duration> asked =
          status == 429 || status == 503
              ? backoff.retryAfter(response.headers().firstValue("Retry-After").orElse(null), now)
              : Optional.empty();
      throw new TokenRefused(
          new Outcome.Failed(
              Optional.of(status),
              "token endpoint answered HTTP " + status + " (client id or secret wrong?)",
              asked));
    }
    Map<?, ?> body = json.readValue(response.body(), Map.class);
    Object token = body.get("access_token");
    if (token == null) {
      throw new TokenRefused(
          new Outcome.Failed(
              Optional.of(status),
              "token endpoint answered without access_token",
              Optional.empty()));
    }
    Duration lifetime = DEFAULT_LIFETIME;
    Object expiresIn = body.get("expires_in");
    if (expiresIn != null) {
      try {
        lifetime = Duration.ofSeconds(Long.parseLong(String.valueOf(expiresIn)));
      } catch (NumberFormatException ignored) {
        // RFC 6749 section 5.1: expires_in is recommended, not required; keep the default.
      }
    }
    Duration margin = lifetime.compareTo(MARGIN.multipliedBy(2)) > 0 ? MARGIN : Duration.ZERO;
    return new Token(String.valueOf(token), now.plus(lifetime).minus(margin));
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
