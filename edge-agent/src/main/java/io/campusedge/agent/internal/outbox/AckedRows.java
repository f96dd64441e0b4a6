package io.campusedge.agent.internal.outbox;

import java.util.Map;

/** What one ack covers: how many pending records, and their payload bytes per lane. */
record AckedRows(long records, Map<Lane, Long> bytes) {}
