package io.campusedge.hub.internal.export;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A destination's settings besides its URL, stored as JSON: the OAuth2 token endpoint and client id
 * (the client secret is sealed apart), and for Ed-Fi the school, school year and session the
 * sections belong to. Never holds a secret.
 */
public record DestinationSettings(
    Optional<String> tokenUrl,
    Optional<String> clientId,
    Optional<Long> schoolId,
    Optional<Integer> schoolYear,
    Optional<String> sessionName) {

  public static DestinationSettings none() {
    return new DestinationSettings(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** OAuth2 client credentials are configured (else mutual TLS or nothing). */
  public boolean oauth() {
    return tokenUrl.isPresent() && clientId.isPresent();
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    tokenUrl.ifPresent(v -> map.put("tokenUrl", v));
    clientId.ifPresent(v -> map.put("clientId", v));
    schoolId.ifPresent(v -> map.put("schoolId", v));
    schoolYear.ifPresent(v -> map.put("schoolYear", v));
    sessionName.ifPresent(v -> map.put("sessionName", v));
    return map;
  }

  static DestinationSettings fromMap(Map<?, ?> map) {
    return new DestinationSettings(
        text(map.get("tokenUrl")),
        text(map.get("clientId")),
        text(map.get("schoolId")).map(Long::parseLong),
        text(map.get("schoolYear")).map(Integer::parseInt),
        text(map.get("sessionName")));
  }

  private static Optional<String> text(Object value) {
    return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
  }
}
