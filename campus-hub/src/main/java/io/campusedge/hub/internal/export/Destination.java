package io.campusedge.hub.internal.export;

import java.net.URI;

/** Where a claimed delivery goes, with its opened secret (never logged). */
record Destination(
    String id, DestinationKind kind, URI url, String secret, DestinationSettings settings) {
  @Override
  public String toString() {
    return "Destination[" + id + ", " + kind + ", " + url + ", secret=***]";
  }
}
