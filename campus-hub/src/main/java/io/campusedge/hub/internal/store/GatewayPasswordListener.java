package io.campusedge.hub.internal.store;

/** Told when a gateway's password is set (enrolment, bootstrap), while it is known in clear. */
public interface GatewayPasswordListener {
  void passwordSet(String gatewayId, String site, String password);
}
