package io.campusedge.hub.internal.ingest;

/** Told how long each batch took to commit; metrics record it when a registry exists. */
public interface StoreLatency {
  void record(long nanos);
}
