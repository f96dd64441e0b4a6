package io.campusedge.hub.internal.web;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Readings history in time order. {@code truncated} is true when more rows matched than {@code
 * limit}; narrow the range or use the CSV download, which has no row limit.
 */
@Serdeable
public record ReadingsView(
    String from, String to, String resolution, boolean truncated, List<ReadingPointView> points) {}
