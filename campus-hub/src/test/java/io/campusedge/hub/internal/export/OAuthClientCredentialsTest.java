package io.campusedge.hub.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.hub.internal.export.FakeReceiver.Behaviour;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OAuth2 client credentials with a fixed clock: one token while it lasts (less the margin), a new
 * one after {@code expires_in}, exactly one new try after a 401, and a refusing token endpoint
 * reported with its status.
 */
class OAuthClientCredentialsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T01:00:00Z"));
  private FakeSectorDatabase server;
  private OAuthClientCredentials oauth;
  private Destination destination;

  @BeforeEach
  void setUp() throws Exception {
    server = new FakeSectorDatabase(clock, true);
    HttpClient client = HttpClient.newHttpClient();
    oauth =
        new OAuthClientCredentials(
            client,
            JsonMapper.createDefault(),
            clock,
            Duration.ofSeconds(5),
            new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10), new Random(1)));
    destination =
        new Destination(
            "feed-1",
            DestinationKind.SECTOR_FEED,
            URI.create(server.feedUrl()),
            FakeReceiver.CLIENT_SECRET,
            new DestinationSettings(
                Optional.of(server.tokenUrl()),
                Optional.of(FakeReceiver.CLIENT_ID),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void aTokenIsKeptUntilItExpiresAndRenewedOnceAfterA401() throws Exception {
    assertThat(post().statusCode()).isEqualTo(200);
    assertThat(post().statusCode()).isEqualTo(200);
    assertThat(server.tokensIssued()).isEqualTo(1);
    assertThat(server.wrongCredentials()).isEmpty();

    clock.advance(Duration.ofSeconds(1800 - 31)); // still inside expires_in less the margin
    post();
    assertThat(server.tokensIssued()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2)); // within the 30 s margin: fetched anew
    post();
    assertThat(server.tokensIssued()).isEqualTo(2);

    server.script(Behaviour.TOKEN_REVOKED);
    assertThat(post().statusCode()).isEqualTo(200);
    assertThat(server.tokensIssued()).isEqualTo(3);

    server.script(Behaviour.TOKEN_REVOKED, Behaviour.TOKEN_REVOKED);
    assertThat(post().statusCode())
        .as("one new try only, then the 401 is the answer")
        .isEqualTo(401);
  }

  @Test
  void aRefusingTokenEndpointIsAFailureWithItsStatus() {
    server.refuseTokens(401);
    assertThatThrownBy(this::post)
        .isInstanceOfSatisfying(
            OAuthClientCredentials.TokenRefused.class,
            e -> {
              assertThat(e.outcome().status()).contains(401);
              assertThat(e.outcome().error()).contains("token endpoint").doesNotContain("s3cr3t");
            });
  }

  private HttpResponse<String> post() throws Exception {
    return oauth.send(
        destination,
        token ->
            HttpRequest.newBuilder(URI.create(server.feedUrl()))
                .header("Authorization", "Bearer " + token)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"schemaVersion\":\"1.0\",\"batchId\":\"b\",\"sentAt\":\"x\",\"records\":[]}"))
                .build());
  }
}
