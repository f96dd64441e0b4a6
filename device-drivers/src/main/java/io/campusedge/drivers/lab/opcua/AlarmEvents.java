package io.campusedge.drivers.lab.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.campusedge.protos.v1.Severity;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilterElement;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;

/**
 * The event filter for alarm condition events and the decoding of their fields (OPC 10000-4 §7.22
 * EventFilter with select clauses by browse path from the event type, OPC 10000-9 §5.5
 * ConditionType and §5.8 AlarmConditionType). Events without an {@code ActiveState/Id} are not
 * alarms and are dropped.
 */
final class AlarmEvents {
  private AlarmEvents() {}

  /** One alarm condition event: which condition, active or not, how severe, what it says. */
  record Notice(
      OpcUaPoint point,
      String source,
      String condition,
      boolean active,
      int severity,
      String message,
      long timeMs) {

    /** {@code <SourceName>/<ConditionName>}, e.g. Incubator1/DoorAlarm. */
    String code() {
      return source.isEmpty() ? condition : source + "/" + condition;
    }

    /**
     * The event's Severity, 1–1000 (BaseEventType, OPC 10000-5), folded to three levels: 801–1000
     * critical, 401–800 warning, 1–400 info.
     */
    Severity level() {
      if (severity > 800) {
        return Severity.SEVERITY_CRITICAL;
      }
      return severity > 400 ? Severity.SEVERITY_WARNING : Severity.SEVERITY_INFO;
    }
  }

  private static final int SOURCE_NAME = 0;
  private static final int CONDITION_NAME = 1;
  private static final int ACTIVE_ID = 2;
  private static final int SEVERITY = 3;
  private static final int MESSAGE = 4;
  private static final int TIME = 5;

  /**
   * Select clauses in the order {@link #decode} reads them, no where clause: events of other types
   * come back with a null {@code ActiveState/Id} and are dropped here.
   */
  static EventFilter filter() {
    SimpleAttributeOperand[] select = {
      field(NodeIds.BaseEventType, "SourceName"),
      field(NodeIds.ConditionType, "ConditionName"),
      field(NodeIds.AlarmConditionType, "ActiveState", "Id"),
      field(NodeIds.BaseEventType, "Severity"),
      field(NodeIds.BaseEventType, "Message"),
      field(NodeIds.BaseEventType, "Time"),
    };
    return new EventFilter(select, new ContentFilter(new ContentFilterElement[0]));
  }

  private static SimpleAttributeOperand field(NodeId type, String... path) {
    QualifiedName[] names = new QualifiedName[path.length];
    for (int i = 0; i < path.length; i++) {
      names[i] = new QualifiedName(0, path[i]);
    }
    return new SimpleAttributeOperand(type, names, uint(AttributeId.Value.id()), null);
  }

  /** The notice an event's fields make, or empty when it is not an alarm condition event. */
  static Optional<Notice> decode(OpcUaPoint point, Variant[] fields, long fallbackTimeMs) {
    if (fields == null || fields.length <= TIME) {
      return Optional.empty();
    }
    if (!(fields[ACTIVE_ID].getValue() instanceof Boolean active)) {
      return Optional.empty();
    }
    String source = text(fields[SOURCE_NAME]);
    String condition = text(fields[CONDITION_NAME]);
    if (condition.isEmpty()) {
      condition = "alarm";
    }
    int severity =
        fields[SEVERITY].getValue() instanceof UShort s ? s.intValue() : 500; // Medium if absent
    long time =
        fields[TIME].getValue() instanceof DateTime t && t.isValid()
            ? t.getJavaTime()
            : fallbackTimeMs;
    return Optional.of(
        new Notice(point, source, condition, active, severity, text(fields[MESSAGE]), time));
  }

  private static String text(Variant v) {
    Object o = v == null ? null : v.getValue();
    if (o instanceof LocalizedText lt) {
      return lt.text() == null ? "" : lt.text();
    }
    return o == null ? "" : o.toString();
  }
}
