package io.campusedge.simulators.chaos;

import io.campusedge.agent.internal.outbox.Lane;
import java.time.Duration;
import java.util.NavigableMap;

/** A gateway in a chaos run, behind its own {@link TcpProxy} to the hub's broker. */
interface ChaosGateway extends AutoCloseable {
  String id();

  String password();

  /** The MQTT password the runner seeds at the hub for a gateway. */
  static String password(String id) {
    return id + "-chaos-secret";
  }

  TcpProxy proxy();

  void start() throws Exception;

  /** Stops producing, delivers what the outbox holds and waits for the hub's ack of all of it. */
  void drain(HubUnderTest hub, Duration patience) throws Exception;

  /** The outbox epoch the records belong to; 0 if the gateway never opened its outbox. */
  long epoch();

  /** Every seq the gateway reported durable, with its lane. */
  NavigableMap<Long, Lane> durable();

  @Override
  void close() throws Exception;
}
