package io.campusedge.hub.internal.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadingQueryTest {
  private static final String FROM = "2026-03-02T00:00:00Z";
  private static final String TO = "2026-03-03T00:00:00Z";

  @Test
  void parsesAValidQueryWithRawAsTheDefaultResolution() {
    ReadingQuery query = ReadingQuery.parse("s1", "A101", null, "co2", FROM, TO, null);

    assertThat(query.room()).contains("A101");
    assertThat(query.device()).isEmpty();
    assertThat(query.from()).isEqualTo(Instant.parse(FROM));
    assertThat(query.resolution()).isEqualTo(Resolution.RAW);
  }

  @Test
  void aFromThatIsNotAnInstantNamesTheFieldAndValue() {
    assertRefused(() -> ReadingQuery.parse(null, "A101", null, null, "yesterday", TO, null))
        .matches(e -> e.field().equals("from") && e.value().equals("yesterday"))
        .hasMessageContaining("ISO-8601");
  }

  @Test
  void aLocalTimeWithoutZoneIsRefused() {
    assertRefused(
            () -> ReadingQuery.parse(null, "A101", null, null, FROM, "2026-03-03T00:00:00", null))
        .matches(e -> e.field().equals("to"));
  }

  @Test
  void aMissingToIsRefused() {
    assertRefused(() -> ReadingQuery.parse(null, "A101", null, null, FROM, null, null))
        .matches(e -> e.field().equals("to") && e.value() == null)
        .hasMessageContaining("required");
  }

  @Test
  void fromMustBeBeforeTo() {
    assertRefused(() -> ReadingQuery.parse(null, "A101", null, null, TO, FROM, null))
        .matches(e -> e.field().equals("to"))
        .hasMessageContaining("after from");
    assertRefused(() -> ReadingQuery.parse(null, "A101", null, null, FROM, FROM, null))
        .matches(e -> e.field().equals("to"));
  }

  @Test
  void eachResolutionHasAMaximumRange() {
    String eightDaysLater = "2026-03-10T00:00:00Z";

    assertRefused(() -> ReadingQuery.parse(null, "A101", null, null, FROM, eightDaysLater, "raw"))
        .hasMessageContaining("at most 7 days");
    assertThat(
            ReadingQuery.parse(null, "A101", null, null, FROM, eightDaysLater, "1m").resolution())
        .isEqualTo(Resolution.MINUTE);
    assertRefused(
            () -> ReadingQuery.parse(null, "A101", null, null, FROM, "2027-06-01T00:00:00Z", "1h"))
        .hasMessageContaining("at most 400 days");
  }

  @Test
  void anUnknownResolutionIsRefused() {
    assertRefused(() -> ReadingQuery.parse(null, "A101", null, null, FROM, TO, "5m"))
        .matches(e -> e.field().equals("resolution") && e.value().equals("5m"));
  }

  @Test
  void aRoomOrADeviceIsRequired() {
    assertRefused(() -> ReadingQuery.parse("s1", null, null, "co2", FROM, TO, null))
        .matches(e -> e.field().equals("room"));
    assertThat(ReadingQuery.parse(null, null, "bme1", null, FROM, TO, null).device())
        .contains("bme1");
  }

  @Test
  void overlongIdentifiersAreRefused() {
    assertRefused(() -> ReadingQuery.parse(null, "x".repeat(129), null, null, FROM, TO, null))
        .matches(e -> e.field().equals("room"));
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, InvalidQueryException>
      assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    return assertThatThrownBy(call)
        .isInstanceOf(InvalidQueryException.class)
        .asInstanceOf(
            org.assertj.core.api.InstanceOfAssertFactories.throwable(InvalidQueryException.class));
  }
}
