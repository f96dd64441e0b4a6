package io.campusedge.protos.sparkplug;

/**
 * The names a CampusEdge agent running as a Sparkplug B edge node gives what Sparkplug has no word
 * for, so a CampusEdge hub can store its records exactly as the native contract would. A foreign
 * host application sees ordinary typed metrics and properties and may ignore them.
 *
 * <p>A node whose NBIRTH carries {@link #EPOCH} numbers its records itself: every DDATA metric that
 * is an outbox record has the property {@link #SEQ_PROPERTY}, and the hub acknowledges them on the
 * native {@code campusedge/v1/{site}/{gateway}/ack} topic with that epoch and seq.
 */
public final class CampusEdgeMetrics {
  /** Sparkplug 3.0, Payloads: the birth/death sequence metric of NBIRTH and NDEATH. */
  public static final String BD_SEQ = "bdSeq";

  /** Sparkplug 3.0, Operational Behavior: the Boolean node metric a host sets to ask a rebirth. */
  public static final String REBIRTH = "Node Control/Rebirth";

  /** Node metric (UInt64): the agent's outbox epoch; present in NBIRTH only. */
  public static final String EPOCH = "CampusEdge/Epoch";

  /**
   * Node metric (String): seq ranges the outbox evicted by its counted policy, {@code
   * "first-last[,first-last…]"}; settled by the hub like a native batch's {@code evicted}.
   */
  public static final String EVICTED = "CampusEdge/Evicted";

  /** Metric property (UInt64): the outbox seq of the record this metric carries. */
  public static final String SEQ_PROPERTY = "CampusEdge/Seq";

  /** Metric property (String): why a reading's quality is not GOOD. */
  public static final String QUALITY_REASON_PROPERTY = "CampusEdge/QualityReason";

  /** Device metric (String): a card tap, the value the hex HMAC card reference, never a UID. */
  public static final String CARD_TAP = "Attendance/Card Tap";

  /** Property of {@link #CARD_TAP} (String): the id of the site key that made the reference. */
  public static final String KEY_ID_PROPERTY = "keyId";

  /**
   * Device metric (String): an equipment event, the value its kind ({@code STATE_CHANGED}, …); the
   * other fields are properties named as in {@code EquipmentEvent} ({@code state}, {@code
   * previousState}, {@code alarmCode}, {@code severity}, {@code message}, {@code runId}) and a
   * property set {@code attributes}.
   */
  public static final String EQUIPMENT_EVENT = "Equipment/Event";

  /** Device metric (Boolean): whether the device answers; property {@code error} says why not. */
  public static final String DEVICE_REACHABLE = "Device Status/Reachable";

  public static final String ERROR_PROPERTY = "error";

  private CampusEdgeMetrics() {}
}
