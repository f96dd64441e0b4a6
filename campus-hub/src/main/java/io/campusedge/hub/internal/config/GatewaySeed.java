package io.campusedge.hub.internal.config;

import io.campusedge.protos.v1.Topics;
import io.micronaut.context.annotation.EachProperty;
import jakarta.validation.constraints.NotBlank;

/**
 * One entry of {@code campusedge.bootstrap.gateways}: a gateway credential seeded at start-up
 * (demo, tests); real gateways enroll with a one-time token instead.
 */
@EachProperty(value = "campusedge.bootstrap.gateways", list = true)
public record GatewaySeed(@NotBlank String id, @NotBlank String site, @NotBlank String password) {

  public GatewaySeed {
    Topics.requireSegment("campusedge.bootstrap.gateways[].id", id);
    Topics.requireSegment("campusedge.bootstrap.gateways[].site", site);
  }

  @Override
  public String toString() {
    return "GatewaySeed[id=" + id + ", site=" + site + ", password=***]";
  }
}
