package io.campusedge.hub.internal.labs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A device's equipment state as the API shows it: state since when, the current run, the active
 * alarm and the hours it has spent operating (the current operating state counted up to now).
 */
@Serdeable
public record Instrument(
    String site,
    String gatewayId,
    String deviceId,
    @Nullable String room,
    @Nullable String type,
    @Nullable String model,
    boolean gatewayOnline,
    @Nullable String state,
    @Nullable String stateSince,
    @Nullable String runId,
    @Nullable String runStartedAt,
    long runsStarted,
    @Nullable Alarm alarm,
    double operatingHours,
    String lastEventAt) {

  /** The alarm a device reports as active. */
  @Serdeable
  public record Alarm(
      String code, @Nullable String severity, @Nullable String message, String since) {}
}
