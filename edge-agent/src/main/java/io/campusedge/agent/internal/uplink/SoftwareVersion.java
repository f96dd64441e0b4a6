package io.campusedge.agent.internal.uplink;

/** The agent's version from the jar manifest, or {@code dev} when run from classes. */
public final class SoftwareVersion {
  private SoftwareVersion() {}

  public static String current() {
    String version = SoftwareVersion.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "dev" : version;
  }
}
