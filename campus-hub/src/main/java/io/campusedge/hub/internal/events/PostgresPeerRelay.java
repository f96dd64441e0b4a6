package io.campusedge.hub.internal.events;

import com.google.protobuf.CodedOutputStream;
import io.campusedge.hub.internal.store.MetricValue;
import io.campusedge.hub.internal.store.ReadingQuality;
import io.campusedge.hub.internal.store.StoredReading;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live events between hub instances sharing a PostgreSQL database, over LISTEN/NOTIFY: each
 * instance notifies what it committed (readings as a compact protobuf batch, other events as JSON)
 * on channel {@code campusedge_live}, and every other instance hands it to its SSE clients and
 * updates its rooms' latest values. Best effort by design: the database holds the truth, a missed
 * notification only delays a dashboard tile until the next reading. H2 hubs run alone and skip it.
 *
 * <p>Readings are only relayed while another instance is known to listen: each instance says
 * "hello" when it starts listening and every {@value #HELLO_EVERY_MS} ms, and answers a newcomer's
 * hello at once. A hub running alone, the usual school, so spends nothing on relaying readings
 * nobody reads (on the hub bench it was a sixth of the ingest threads' time, plus a round trip per
 * group).
 */
@Context
@Singleton
@Requires(property = "datasources.default.url", pattern = "jdbc:postgresql:.*")
public class PostgresPeerRelay implements PeerRelay {
  static final String CHANNEL = "campusedge_live";
  // PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; readings are split below that.
  static final int MAX_PAYLOAD = 7_000;
  static final long HELLO_EVERY_MS = 10_000;
  // A peer not heard from in three hellos has stopped.
  private static final long PEER_GONE_NANOS = 3 * HELLO_EVERY_MS * 1_000_000;
  private static final Logger LOG = LoggerFactory.getLogger(PostgresPeerRelay.class);
  private static final Map<String, Class<? extends LiveEvent>> TYPES =
      Map.of(
          "reading", LiveEvent.ReadingEvent.class,
          "gateway", LiveEvent.GatewayEvent.class,
          "attendance", LiveEvent.AttendanceEvent.class,
          "alert", LiveEvent.AlertEvent.class);

  private final DataSource dataSource;
  private final JsonMapper json;
  private final LiveEvents events;
  private final String url;
  private final String username;
  private final String password;
  private final String origin = UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, Long> peersHeardNanos = new ConcurrentHashMap<>();
  private final Thread listener;
  private volatile boolean running = true;
  private volatile Connection listening;

  public PostgresPeerRelay(
      DataSource dataSource,
      JsonMapper json,
      LiveEvents events,
      @Value("${datasources.default.url}") String url,
      @Value("${datasources.default.username:}") String username,
      @Value("${datasources.default.password:}") String password) {
    this.dataSource = dataSource;
    this.json = json;
    this.events = events;
    this.url = url;
    this.username = username;
    this.password = password;
    this.listener = new Thread(this::listen, "campusedge-peer-relay");
    this.listener.setDaemon(true);
    this.listener.start();
    events.relayTo(this);
  }

  @PreDestroy
  void stop() {
    running = false;
    events.relayTo(PeerRelay.NONE);
    listener.interrupt();
    Connection connection = listening;
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
  }

  @Override
  public void event(LiveEvent event) {
    if (event instanceof LiveEvent.ReadingEvent) {
      return; // readings travel as batches, see readings()
    }
    try {
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("o", origin);
      message.put("n", event.name());
      message.put("e", event);
      notify(json.writeValueAsString(message));
    } catch (IOException e) {
      LOG.warn("Peer relay: an event could not be written: {}", e.toString());
    }
  }

  /**
   * All notifications of one ingest group in one transaction: a NOTIFY commits like a write (it
   * takes a transaction id), and one per gateway batch made the database commit a thousand times a
   * second at 1,000 messages/s.
   */
  @Override
  public void readings(String site, Collection<StoredReading> readings) {
    if (!hasPeers()) {
      return;
    }
    Map<String, List<StoredReading>> byGateway = new LinkedHashMap<>();
    readings.forEach(r -> byGateway.computeIfAbsent(r.gatewayId(), g -> new ArrayList<>()).add(r));
    List<String> payloads = new ArrayList<>();
    byGateway.forEach(
        (gateway, ofGateway) -> {
          Batch.Builder batch = Batch.newBuilder().setSite(site).setGatewayId(gateway);
          int empty = batch.build().getSerializedSize();
          int size = empty;
          for (StoredReading reading : ofGateway) {
            Record record = Record.newBuilder().setReading(proto(reading)).build();
            // the batch's size kept as records are added: computing it anew after each one
            // (batch.build()) was quadratic in the records of a gateway's group
            int added = CodedOutputStream.computeMessageSize(Batch.RECORDS_FIELD_NUMBER, record);
            if (batch.getRecordsCount() > 0 && encodedLength(size + added) > MAX_PAYLOAD) {
              payloads.add(readingsPayload(batch));
              batch = Batch.newBuilder().setSite(site).setGatewayId(gateway);
              size = empty;
            }
            batch.addRecords(record);
            size += added;
          }
          if (batch.getRecordsCount() > 0) {
            payloads.add(readingsPayload(batch));
          }
        });
    notifyTogether(payloads);
  }

  private String readingsPayload(Batch.Builder batch) {
    String encoded = Base64.getEncoder().encodeToString(batch.build().toByteArray());
    return "{\"o\":\"" + origin + "\",\"n\":\"readings\",\"b\":\"" + encoded + "\"}";
  }

  /** One statement and one commit for any number of notifications. */
  private void notifyTogether(List<String> payloads) {
    if (payloads.isEmpty()) {
      return;
    }
    if (payloads.size() == 1) {
      notify(payloads.get(0));
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT pg_notify(?, payload) FROM unnest(?::text[]) AS payloads(payload)")) {
      statement.setString(1, CHANNEL);
      statement.setArray(2, connection.createArrayOf("text", payloads.toArray()));
      statement.execute();
    } catch (SQLException e) {
      LOG.debug("Peer relay: notify failed: {}", e.toString());
    }
  }

  /** The notification's length for a batch of this many bytes: Base64 plus the JSON around it. */
  private static int encodedLength(int batchBytes) {
    return (batchBytes + 2) / 3 * 4 + 64;
  }

  private void notify(String payload) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      statement.setString(1, CHANNEL);
      statement.setString(2, payload);
      statement.execute();
    } catch (SQLException e) {
      LOG.debug("Peer relay: notify failed: {}", e.toString());
    }
  }

  private void listen() {
    long backoffMs = 1_000;
    while (running) {
      try (Connection connection = DriverManager.getConnection(url, username, password)) {
        listening = connection;
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        LOG.info("Peer relay: listening for other hub instances' live events");
        backoffMs = 1_000;
        long helloDue = System.nanoTime();
        while (running) {
          if (System.nanoTime() - helloDue >= 0) {
            notify(hello());
            helloDue = System.nanoTime() + HELLO_EVERY_MS * 1_000_000;
          }
          PGNotification[] notifications = pg.getNotifications(1_000);
          if (notifications != null) {
            for (PGNotification notification : notifications) {
              receive(notification.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        if (!running) {
          return;
        }
        LOG.warn("Peer relay: connection lost ({}); retrying in {} ms", e.toString(), backoffMs);
        try {
          Thread.sleep(backoffMs);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
  }

  /** One notification of another instance; a malformed one is logged and skipped. */
  public void receive(String payload) {
    try {
      JsonNode message = json.readValue(payload.getBytes(StandardCharsets.UTF_8), JsonNode.class);
      if (origin.equals(message.get("o").getStringValue())) {
        return;
      }
      String name = message.get("n").getStringValue();
      if (name.equals("hello")) {
        heard(message.get("o").getStringValue());
        return;
      }
      if (name.equals("readings")) {
        Batch batch =
            Batch.parseFrom(Base64.getDecoder().decode(message.get("b").getStringValue()));
        List<StoredReading> readings = new ArrayList<>();
        for (Record record : batch.getRecordsList()) {
          readings.add(StoredReading.of(batch.getGatewayId(), record.getReading()));
        }
        events.readingsFromPeer(batch.getSite(), readings);
        return;
      }
      Class<? extends LiveEvent> type = TYPES.get(name);
      if (type == null) {
        return; // an event kind of a newer hub version
      }
      byte[] event = json.writeValueAsBytes(message.get("e"));
      events.fromPeer(json.readValue(event, type));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Peer relay: a notification could not be read: {}", e.toString());
    }
  }

  /** Whether another instance said hello lately. */
  boolean hasPeers() {
    long now = System.nanoTime();
    peersHeardNanos.values().removeIf(heard -> now - heard > PEER_GONE_NANOS);
    return !peersHeardNanos.isEmpty();
  }

  /** A newcomer is answered at once, so it need not wait for the next hello to relay to us. */
  private void heard(String peer) {
    Long before = peersHeardNanos.put(peer, System.nanoTime());
    if (before == null || System.nanoTime() - before > PEER_GONE_NANOS) {
      LOG.info("Peer relay: hub instance {} is listening; relaying readings to it", peer);
      notify(hello());
    }
  }

  private String hello() {
    return "{\"o\":\"" + origin + "\",\"n\":\"hello\"}";
  }

  private static Reading proto(StoredReading reading) {
    Reading.Builder builder =
        Reading.newBuilder()
            .setDeviceId(reading.deviceId())
            .setMetric(reading.metric())
            .setSourceTimeMs(reading.sourceTime().toEpochMilli())
            .setUnit(reading.unit())
            .setQuality(quality(reading.quality()))
            .setQualityReason(reading.qualityReason());
    MetricValue value = reading.value();
    if (value instanceof MetricValue.Decimal decimal) {
      builder.setDoubleValue(decimal.value());
    } else if (value instanceof MetricValue.WholeNumber whole) {
      builder.setIntValue(whole.value());
    } else if (value instanceof MetricValue.Flag flag) {
      builder.setBoolValue(flag.value());
    } else if (value instanceof MetricValue.Text text) {
      builder.setStringValue(text.value());
    }
    return builder.build();
  }

  private static Quality quality(ReadingQuality quality) {
    return switch (quality) {
      case GOOD -> Quality.QUALITY_GOOD;
      case BAD -> Quality.QUALITY_BAD;
      case UNCERTAIN -> Quality.QUALITY_UNCERTAIN;
    };
  }
}
