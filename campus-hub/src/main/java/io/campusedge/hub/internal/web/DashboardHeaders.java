package io.campusedge.hub.internal.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Browser hardening for the dashboard's files: scripts and styles only from the hub itself (no
 * inline script, so injected markup cannot run), no framing, no referrer, no MIME sniffing.
 */
@ServerFilter({"/ui/**", "/webjars/**"})
public class DashboardHeaders {
  static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"
          + " data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action"
          + " 'self'";

  @ResponseFilter
  public void harden(HttpRequest<?> request, MutableHttpResponse<?> response) {
    response.header("Content-Security-Policy", POLICY);
    response.header("X-Content-Type-Options", "nosniff");
    response.header("X-Frame-Options", "DENY");
    response.header("Referrer-Policy", "no-referrer");
  }
}
