package io.campusedge.hub.internal.kura;

import io.campusedge.protos.v1.Topics;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;

/**
 * One entry of {@code campusedge.kura.gateways}: the Kura gateway {@code clientId} of account
 * {@code account} is the registered gateway {@code gateway} of school {@code site}, in room {@code
 * room}. Kura logs in to the embedded broker with that gateway's credentials.
 */
@EachProperty(value = "campusedge.kura.gateways", list = true)
public record KuraGateway(
    @NotBlank String account,
    @NotBlank String clientId,
    @NotBlank String site,
    @NotBlank String gateway,
    @NotBlank String room,
    @Nullable String roomName) {

  public KuraGateway {
    requireTopicLevel("campusedge.kura.gateways[].account", account);
    // Kura client ids are often MAC addresses ("00:E0:4C:36:12:5A"): any topic level will do.
    requireTopicLevel("campusedge.kura.gateways[].client-id", clientId);
    Topics.requireSegment("campusedge.kura.gateways[].site", site);
    Topics.requireSegment("campusedge.kura.gateways[].gateway", gateway);
    Topics.requireSegment("campusedge.kura.gateways[].room", room);
    if (account != null && (account.equals("campusedge") || account.equals("spBv1.0"))) {
      throw new IllegalArgumentException(
          "campusedge.kura.gateways[].account '" + account + "' is another namespace's root");
    }
  }

  String displayRoomName() {
    return roomName == null || roomName.isBlank() ? room : roomName;
  }

  private static void requireTopicLevel(String what, String value) {
    if (value == null
        || value.isEmpty()
        || value.startsWith("$")
        || value.contains("/")
        || value.contains("+")
        || value.contains("#")) {
      throw new IllegalArgumentException(
          what + " '" + value + "' must be one MQTT topic level (no '/', '+', '#', leading '$')");
    }
  }
}
