package io.campusedge.drivers.lab.opcua;

import io.campusedge.protos.v1.Severity;

/**
 * One configured node: the metric it is reported as, its UCUM unit, where it is, what it means
 * (kind), whether hub commands may write it, and for alarms the code and severity to report.
 */
record OpcUaPoint(
    String metric,
    String unit,
    NodeRef node,
    PointKind kind,
    boolean writable,
    String alarmCode,
    Severity severity) {}
