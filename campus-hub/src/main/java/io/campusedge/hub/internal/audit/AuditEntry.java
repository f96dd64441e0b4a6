package io.campusedge.hub.internal.audit;

import java.time.Instant;
import java.util.Set;

/** One audited change: who did what to which target, in which schools; details as JSON. */
public record AuditEntry(
    long id,
    Instant at,
    String actor,
    String action,
    String target,
    Set<String> sites,
    String detailsJson) {}
