package io.campusedge.hub.internal.history;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * A validated readings-history request: what (site, room, device, metric), when ({@code from}
 * inclusive, {@code to} exclusive) and how fine; {@code siteLimit} keeps it to the gateways of
 * those sites.
 */
public record ReadingQuery(
    Optional<String> site,
    Optional<String> room,
    Optional<String> device,
    Optional<String> metric,
    Instant from,
    Instant to,
    Resolution resolution,
    Optional<Set<String>> siteLimit) {

  private static final int MAX_ID_LENGTH = 128;

  /** Parses request parameters as received; throws naming the first parameter at fault. */
  public static ReadingQuery parse(
      String site,
      String room,
      String device,
      String metric,
      String from,
      String to,
      String resolution) {
    Optional<String> siteId = identifier("site", site);
    Optional<String> roomId = identifier("room", room);
    Optional<String> deviceId = identifier("device", device);
    Optional<String> metricName = identifier("metric", metric);
    if (roomId.isEmpty() && deviceId.isEmpty()) {
      throw new InvalidQueryException(
          "room", null, "give room or device (or both) to choose whose readings to return");
    }
    Instant start = instant("from", from);
    Instant end = instant("to", to);
    if (!start.isBefore(end)) {
      throw new InvalidQueryException("to", to, "to must be after from (" + from + ")");
    }
    Resolution fineness = resolution(resolution);
    Duration range = Duration.between(start, end);
    if (range.compareTo(fineness.maxRange()) > 0) {
      throw new InvalidQueryException(
          "to",
          to,
          "resolution "
              + fineness.key()
              + " allows at most "
              + fineness.maxRange().toDays()
              + " days between from and to; this asks for "
              + range.toDays()
              + " days (use a coarser resolution or a shorter range)");
    }
    return new ReadingQuery(
        siteId, roomId, deviceId, metricName, start, end, fineness, Optional.empty());
  }

  /** The same query, kept to gateways of {@code sites} (a scoped caller's schools). */
  public ReadingQuery within(Set<String> sites) {
    return new ReadingQuery(
        site, room, device, metric, from, to, resolution, Optional.of(Set.copyOf(sites)));
  }

  private static Optional<String> identifier(String field, String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    if (value.isBlank() || value.length() > MAX_ID_LENGTH) {
      throw new InvalidQueryException(
          field, value, field + " must be 1 to " + MAX_ID_LENGTH + " non-blank characters");
    }
    return Optional.of(value);
  }

  private static Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidQueryException(
          field,
          value,
          field + " is required, as an ISO-8601 instant such as 2026-03-02T00:00:00Z");
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidQueryException(
          field,
          value,
          field + " must be an ISO-8601 instant with zone, such as 2026-03-02T00:00:00Z");
    }
  }

  private static Resolution resolution(String value) {
    if (value == null || value.isEmpty()) {
      return Resolution.RAW;
    }
    return Resolution.of(value)
        .orElseThrow(
            () ->
                new InvalidQueryException(
                    "resolution", value, "resolution must be one of raw, 1m, 1h"));
  }
}
