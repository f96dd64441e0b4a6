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
}
