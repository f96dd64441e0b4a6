package io.campusedge.hub.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The documented signature: a tampered, replayed or foreign-signed body fails verification. */
class WebhookSignatureTest {
  private static final String SECRET = "whsec_test-secret";
  private static final Instant AT = Instant.parse("2026-12-07T01:00:00Z");
  private static final byte[] BODY =
      "{\"specversion\":\"1.0\",\"id\":\"e1\"}".getBytes(StandardCharsets.UTF_8);
  private static final Duration FIVE_MINUTES = WebhookSignature.DEFAULT_TOLERANCE;

  @Test
  void matchesTheGuideExample() {
    // Computed with Python's hmac module, as in docs/integrator-guide-webhooks.md.
    assertThat(WebhookSignature.sign(SECRET, AT, BODY))
        .isEqualTo(
            "t=1796605200,v1=631f524e88a527ca8ddfba894a159c3e904aafbac0ab54a467142d510e5332fe");
  }

  @Test
  void acceptsAFreshSignatureOfTheSameBody() {
    String header = WebhookSignature.sign(SECRET, AT, BODY);
    assertThat(WebhookSignature.verify(SECRET, header, BODY, AT.plusSeconds(30), FIVE_MINUTES))
        .isTrue();
  }

  @Test
  void rejectsATamperedBody() {
    String header = WebhookSignature.sign(SECRET, AT, BODY);
    byte[] tampered = "{\"specversion\":\"1.0\",\"id\":\"e2\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.verify(SECRET, header, tampered, AT, FIVE_MINUTES)).isFalse();
  }

  @Test
  void rejectsAReplayAfterTheTolerance() {
    String header = WebhookSignature.sign(SECRET, AT, BODY);
    assertThat(WebhookSignature.verify(SECRET, header, BODY, AT.plusSeconds(301), FIVE_MINUTES))
        .isFalse();
    String moved = header.replace("t=1796605200", "t=" + AT.plusSeconds(301).getEpochSecond());
    assertThat(WebhookSignature.verify(SECRET, moved, BODY, AT.plusSeconds(301), FIVE_MINUTES))
        .as("a fresh timestamp on an old signature")
        .isFalse();
  }

  @Test
  void rejectsAnotherSecretAndGarbage() {
    String header = WebhookSignature.sign(SECRET, AT, BODY);
    assertThat(WebhookSignature.verify("whsec_other", header, BODY, AT, FIVE_MINUTES)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, "t=abc,v1=zz", BODY, AT, FIVE_MINUTES)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, null, BODY, AT, FIVE_MINUTES)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, "v1=00", BODY, AT, FIVE_MINUTES)).isFalse();
  }

  @Test
  void backoffIsFullJitterUnderAGrowingCapAndRetryAfterIsRead() {
    Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10), new Random(1));
    for (int attempt = 1; attempt <= 30; attempt++) {
      long cap = Math.min(600_000L, 2000L << Math.min(attempt - 1, 20));
      assertThat(backoff.after(attempt).toMillis()).isBetween(0L, cap);
    }
    assertThat(backoff.retryAfter("120", AT)).contains(Duration.ofSeconds(120));
    assertThat(backoff.retryAfter("Mon, 07 Dec 2026 01:01:30 GMT", AT))
        .contains(Duration.ofSeconds(90));
    assertThat(backoff.retryAfter("999999", AT)).contains(Duration.ofMinutes(10));
    assertThat(backoff.retryAfter("soon", AT)).isEmpty();
  }
}
