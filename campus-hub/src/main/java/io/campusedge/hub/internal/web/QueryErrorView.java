package io.campusedge.hub.internal.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** A 400 answer: which query parameter is wrong, the value received, and why. */
@Serdeable
public record QueryErrorView(int status, String field, @Nullable String value, String message) {}
