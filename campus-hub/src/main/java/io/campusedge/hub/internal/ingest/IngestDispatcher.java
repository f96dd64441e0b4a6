package io.campusedge.hub.internal.ingest;

import io.campusedge.protos.v1.Topics;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes the hub's subscriptions by topic kind; nothing thrown here reaches the MQTT client. */
@Singleton
public class IngestDispatcher implements BrokerConnection.MessageHandler {
  private static final Logger LOG = LoggerFactory.getLogger(IngestDispatcher.class);

  private final BatchIngest batches;
  private final GatewayStateIngest states;

  public IngestDispatcher(BatchIngest batches, GatewayStateIngest states) {
    this.batches = batches;
    this.states = states;
  }

  @Override
  public void onMessage(String topic, byte[] payload) {
    try {
      Optional<Topics.Address> address = Topics.parse(topic);
      if (address.isEmpty()) {
        LOG.debug("Ignoring message on {}", topic);
        return;
      }
      switch (address.get().kind()) {
        case DATA -> batches.accept(address.get(), payload);
        case STATE -> states.accept(address.get(), payload);
        default -> LOG.debug("Ignoring message on {}", topic);
      }
    } catch (RuntimeException e) {
      // An exception out of the Paho callback would drop the connection; keep ingesting.
      LOG.error("Unexpected failure handling a message on {}", topic, e);
    }
  }
}
