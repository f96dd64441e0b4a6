package io.campusedge.hub.internal.events;

import io.campusedge.hub.internal.store.StoredReading;
import java.util.Collection;

/**
 * Where {@link LiveEvents} passes what happened on this hub instance, so the other instances
 * sharing its database show it too (their SSE clients, their rooms' latest values).
 */
public interface PeerRelay {
  PeerRelay NONE =
      new PeerRelay() {
        @Override
        public void event(LiveEvent event) {}

        @Override
        public void readings(String site, Collection<StoredReading> readings) {}
      };

  void event(LiveEvent event);

  void readings(String site, Collection<StoredReading> readings);
}
