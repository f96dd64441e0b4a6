package io.campusedge.hub.internal.sparkplug;

import io.campusedge.protos.v1.Topics;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code campusedge.sparkplug}: the hub as a Sparkplug B 3.0 host application. The edge nodes it
 * accepts, and where their data goes, are the {@code campusedge.sparkplug.edge-nodes} entries.
 *
 * @param enabled off by default; only one hub of a cluster should be the host application
 * @param hostId the host id of {@code spBv1.0/STATE/{host id}}; edge nodes name it as their primary
 *     host
 * @param rebirthInterval at most one rebirth request per edge node in this time, so a node sending
 *     out of sequence does not get a flood of commands
 */
@ConfigurationProperties("campusedge.sparkplug")
public record SparkplugConfig(
    @Bindable(defaultValue = "false") boolean enabled,
    @Bindable(defaultValue = "campusedge-hub") @NotNull String hostId,
    @Bindable(defaultValue = "5s") @NotNull Duration rebirthInterval) {

  public SparkplugConfig {
    // Sparkplug 3.0, Topics chapter: ids are topic levels, so no '/', '+' or '#'.
    Topics.requireSegment("campusedge.sparkplug.host-id", hostId);
    if (rebirthInterval != null && rebirthInterval.isNegative()) {
      throw new IllegalArgumentException(
          "campusedge.sparkplug.rebirth-interval is " + rebirthInterval + "; it must be >= 0");
    }
  }
}
