package io.campusedge.agent.internal.uplink;

import io.campusedge.protos.v1.Ack;

/** What Paho callbacks hand to the uplink thread; callbacks themselves do no work. */
sealed interface UplinkEvent {
  record AckArrived(Ack ack) implements UplinkEvent {}

  record CommandArrived(byte[] payload) implements UplinkEvent {}

  record ConnectionLost(String reason) implements UplinkEvent {}

  /** New records are durable in the outbox. */
  record RecordsStored(long upToSeq) implements UplinkEvent {}

  record Stop() implements UplinkEvent {}

  /** The Sparkplug primary host's STATE (Sparkplug 3.0, Topics, STATE). */
  record HostState(boolean online, long timestamp) implements UplinkEvent {}

  /** Publish the births again (Sparkplug), asked from outside the uplink thread. */
  record Rebirth() implements UplinkEvent {}

  /**
   * The broker acknowledged the publishes of records up to this seq (Sparkplug ackMode publish).
   */
  record PublishedUpTo(long seq) implements UplinkEvent {}
}
