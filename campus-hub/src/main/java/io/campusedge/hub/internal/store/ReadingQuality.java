package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.Quality;

/** How far a value can be trusted. */
public enum ReadingQuality {
  GOOD,
  UNCERTAIN,
  BAD;

  /** A gateway that does not say how good a value is gets no more trust than UNCERTAIN. */
  public static ReadingQuality of(Quality quality) {
    return switch (quality) {
      case QUALITY_GOOD -> GOOD;
      case QUALITY_BAD -> BAD;
      default -> UNCERTAIN;
    };
  }
}
