package io.campusedge.hub.internal.sparkplug;

import io.campusedge.protos.v1.Topics;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;

/**
 * One entry of {@code campusedge.sparkplug.edge-nodes}: the Sparkplug edge node {@code
 * group}/{@code edgeNode} is the registered gateway {@code gateway} of school {@code site}, in room
 * {@code room}. The node logs in to the embedded broker with that gateway's credentials.
 */
@EachProperty(value = "campusedge.sparkplug.edge-nodes", list = true)
public record SparkplugEdgeNode(
    @NotBlank String group,
    @NotBlank String edgeNode,
    @NotBlank String site,
    @NotBlank String gateway,
    @NotBlank String room,
    @Nullable String roomName) {

  public SparkplugEdgeNode {
    Topics.requireSegment("campusedge.sparkplug.edge-nodes[].group", group);
    Topics.requireSegment("campusedge.sparkplug.edge-nodes[].edge-node", edgeNode);
    Topics.requireSegment("campusedge.sparkplug.edge-nodes[].site", site);
    Topics.requireSegment("campusedge.sparkplug.edge-nodes[].gateway", gateway);
    Topics.requireSegment("campusedge.sparkplug.edge-nodes[].room", room);
  }

  String displayRoomName() {
    return roomName == null || roomName.isBlank() ? room : roomName;
  }
}
