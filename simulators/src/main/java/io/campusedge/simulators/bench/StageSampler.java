package io.campusedge.simulators.bench;

/** Resource figures of one benchmark stage. */
interface StageSampler extends AutoCloseable {
  ResourceSampler.Figures figures();

  @Override
  void close();
}
