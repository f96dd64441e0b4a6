package io.campusedge.agent.internal.update;

/** The bundle or the offer is not acceptable (tampered, untrusted, wrong version); nothing done. */
public final class BundleException extends Exception {
  private static final long serialVersionUID = 1L;

  public BundleException(String message) {
    super(message);
  }
}
