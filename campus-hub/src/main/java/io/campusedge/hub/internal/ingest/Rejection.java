package io.campusedge.hub.internal.ingest;

/** A refused message: the cause and a detail for the log. */
record Rejection(RejectCause cause, String detail) {}
