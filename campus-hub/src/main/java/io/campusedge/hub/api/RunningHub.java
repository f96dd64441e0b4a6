package io.campusedge.hub.api;

import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.nio.file.Path;

/** A hub started in this JVM (demo launcher, end-to-end tests). Closing it stops the hub. */
public interface RunningHub extends AutoCloseable {

  /** Base URL of the REST API, e.g. {@code http://localhost:41234}. */
  URI httpUrl();

  /** TCP port gateways connect to (the embedded broker's, or the external broker's). */
  int brokerPort();

  /** Absolute data directory (H2 database and broker state). */
  Path dataDir();

  ApplicationContext applicationContext();

  /** Stops ingestion, the broker and the HTTP server; does not throw. */
  @Override
  void close();
}
