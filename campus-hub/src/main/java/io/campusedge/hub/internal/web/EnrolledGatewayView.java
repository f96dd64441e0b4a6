package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.enrollment.Enrollments;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** The answer to a token exchange: everything the gateway needs to run, shown this once. */
@Serdeable
public record EnrolledGatewayView(
    String site,
    String room,
    String gatewayId,
    Mqtt mqtt,
    SiteKeyView siteKey,
    @Nullable String caCertificatePem,
    String hubTime) {

  /** {@code url} is the one to use ({@code ssl://} first when the broker has TLS). */
  @Serdeable
  public record Mqtt(String url, List<String> urls, String username, String password) {}

  @Serdeable
  public record SiteKeyView(String id, String keyBase64) {}

  static EnrolledGatewayView of(Enrollments.Credentials credentials, Instant now) {
    var enrollment = credentials.enrollment();
    List<String> urls = credentials.mqttUrls();
    return new EnrolledGatewayView(
        enrollment.site(),
        enrollment.room(),
        enrollment.gatewayId(),
        new Mqtt(
            urls.isEmpty() ? "" : urls.get(0),
            urls,
            enrollment.gatewayId(),
            credentials.password()),
        new SiteKeyView(credentials.siteKey().id(), credentials.siteKey().keyBase64()),
        credentials.caCertificatePem().orElse(null),
        now.toString());
  }

  @Override
  public String toString() {
    return "EnrolledGatewayView[gatewayId=" + gatewayId + ", secrets=***]";
  }
}
