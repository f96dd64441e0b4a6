package io.campusedge.drivers.lab.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

/**
 * One live session with the instrument server and one subscription with a monitored item per point
 * (OPC 10000-4 §5.12, §5.13). Values arrive on Milo's threads and wait in a queue for the driver's
 * next poll. When the session or the subscription is lost the link only says so; the driver closes
 * it and opens a new one (a fresh session and subscription, which works whether the server
 * restarted or only dropped the session).
 */
final class InstrumentLink implements AutoCloseable {
  private static final int MAX_QUEUED = 10_000;

  /** A value or status the server reported for one point. */
  record Update(OpcUaPoint point, DataValue value) {}

  private final OpcUaConfig config;
  private final OpcUaClient client;
  private final Queue<Update> updates = new ConcurrentLinkedQueue<>();
  private final Queue<AlarmEvents.Notice> alarms = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicReference<String> lost = new AtomicReference<>();
  private final Map<String, NodeId> resolved = new HashMap<>();
  private final Map<String, Variant> lastValue = new HashMap<>();

  private InstrumentLink(OpcUaConfig config, OpcUaClient client) {
    this.config = config;
    this.client = client;
  }

  /** Connects, resolves every point and subscribes; throws when the server cannot be used. */
  static InstrumentLink open(OpcUaConfig config) throws UaException {
    OpcUaClient client = client(config);
    InstrumentLink link = new InstrumentLink(config, client);
    try {
      link.checkServerCertificate();
      try {
        client.connect();
      } catch (UaException e) {
        throw link.explainRefusal(e);
      }
      client
          .getSessionFsm()
          .addActivityListener(
              new SessionActivityListener() {
                @Override
                public void onSessionInactive(UaSession session) {
                  link.lost(
                      "Bad_SessionClosed: the session with " + config.endpointUrl() + " ended");
                }
              });
      link.subscribe();
      return link;
    } catch (UaException | RuntimeException e) {
      link.close();
      throw e;
    }
  }

  /**
   * Checks the certificate the server advertised in GetEndpoints against the gateway's trust list
   * before opening a secure channel, so an unknown server is refused (and its certificate saved to
   * rejected/) before it is sent the gateway's certificate or anything else.
   */
  private void checkServerCertificate() throws UaException {
    if (config.certificates().isEmpty()) {
      return;
    }
    EndpointDescription endpoint = client.getConfig().getEndpoint();
    byte[] der = endpoint.getServerCertificate().bytesOrEmpty();
    if (der.length == 0) {
      throw new UaException(
          StatusCodes.Bad_SecurityChecksFailed,
          "the server's " + endpoint.getSecurityPolicyUri() + " endpoint carries no certificate");
    }
    new TrustListFolder(config.certificates().get().trustList())
        .validateCertificateChain(
            CertificateUtil.decodeCertificates(der),
            endpoint.getServer().getApplicationUri(),
            new String[0]);
  }

  /**
   * A server that refuses the gateway's certificate usually answers only Bad_SecurityChecksFailed
   * (it does not tell a client which check failed); say what the technician most likely has to do.
   */
  private UaException explainRefusal(UaException e) {
    long code = e.getStatusCode().value();
    if (config.certificates().isEmpty()
        || (code != StatusCodes.Bad_SecurityChecksFailed
            && code != StatusCodes.Bad_CertificateUntrusted)) {
      return e;
    }
    Path certificate = config.certificates().get().certificate();
    String thumbprint = "?";
    try {
      thumbprint = TrustListFolder.thumbprint(PemFiles.certificate(certificate).getEncoded());
    } catch (java.io.IOException | java.security.GeneralSecurityException ignored) {
      // The certificate was loaded before connecting; the thumbprint is only a convenience.
    }
    return new UaException(
        code,
        DataValueMapping.statusName(e.getStatusCode())
            + ": the server refused the gateway's application certificate "
            + certificate
            + " (SHA-1 "
            + thumbprint
            + "); the server's administrator must trust it (servers usually keep refused"
            + " certificates in a rejected folder of their PKI)",
        e);
  }

  private static OpcUaClient client(OpcUaConfig config) throws UaException {
    long timeoutMs = config.requestTimeout().toMillis();
    return OpcUaClient.create(
        config.endpointUrl(),
        endpoints -> select(config, endpoints),
        transport -> transport.setConnectTimeout(uint(timeoutMs)),
        builder -> {
          builder
              .setApplicationName(LocalizedText.english("CampusEdge gateway"))
              .setApplicationUri("urn:campusedge:gateway:" + config.deviceId())
              .setProductUri("urn:campusedge:edge-agent")
              .setRequestTimeout(uint(timeoutMs))
              .setKeepAliveInterval(uint(Math.max(1000, timeoutMs / 2)))
              .setKeepAliveFailuresAllowed(uint(1))
              .setSessionTimeout(uint(60_000));
          identity(config, builder);
          security(config, builder);
        });
  }

  private static Optional<EndpointDescription> select(
      OpcUaConfig config, List<EndpointDescription> endpoints) {
    MessageSecurityMode mode =
        config.security() == SecurityMode.NONE
            ? MessageSecurityMode.None
            : MessageSecurityMode.SignAndEncrypt;
    java.net.URI uri = java.net.URI.create(config.endpointUrl());
    return endpoints.stream()
        .filter(e -> config.security().policyUri().equals(e.getSecurityPolicyUri()))
        .filter(e -> e.getSecurityMode() == mode)
        .findFirst()
        // The server may advertise its own host name; keep the address the gateway can reach.
        .map(
            e ->
                EndpointUtil.updateUrl(e, uri.getHost(), uri.getPort() < 0 ? 4840 : uri.getPort()));
  }

  private static void identity(
      OpcUaConfig config, org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder builder) {
    if (config.username().isEmpty() || config.passwordFile().isEmpty()) {
      builder.setIdentityProvider(AnonymousProvider.INSTANCE);
      return;
    }
    String user = config.username().get();
    builder.setIdentityProvider(
        new UsernameProvider(
            user,
            () -> {
              try {
                return Files.readString(config.passwordFile().get(), StandardCharsets.UTF_8)
                    .strip()
                    .getBytes(StandardCharsets.UTF_8);
              } catch (java.io.IOException e) {
                throw new IllegalStateException(
                    "cannot read passwordFile " + config.passwordFile().get() + ": " + e);
              }
            }));
  }

  private static void security(
      OpcUaConfig config, org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder builder) {
    if (config.certificates().isEmpty()) {
      return;
    }
    OpcUaConfig.Certificates certs = config.certificates().get();
    try {
      X509Certificate cert = PemFiles.certificate(certs.certificate());
      PrivateKey key = PemFiles.rsaKey(certs.privateKey());
      builder
          .setCertificate(cert)
          .setCertificateChain(new X509Certificate[] {cert})
          .setKeyPair(new KeyPair(cert.getPublicKey(), key))
          .setCertificateValidator(new TrustListFolder(certs.trustList()));
      // The application URI must be the one in the certificate (OPC 10000-4 §5.6.2).
      CertificateUtil.getSubjectAltNameField(cert, CertificateUtil.SUBJECT_ALT_NAME_URI).stream()
          .findFirst()
          .ifPresent(u -> builder.setApplicationUri(u.toString()));
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot load the gateway's application certificate "
              + certs.certificate()
              + " / key "
              + certs.privateKey()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private void subscribe() throws UaException {
    OpcUaSubscription subscription =
        new OpcUaSubscription(client, (double) config.publishingInterval().toMillis());
    subscription.setSubscriptionListener(
        new OpcUaSubscription.SubscriptionListener() {
          @Override
          public void onWatchdogTimerElapsed(OpcUaSubscription s) {
            lost("Bad_Timeout: the server stopped publishing (no keep-alive)");
          }

          @Override
          public void onTransferFailed(OpcUaSubscription s, StatusCode status) {
            lost(DataValueMapping.statusName(status) + ": the subscription could not be kept");
          }

          @Override
          public void onStatusChanged(OpcUaSubscription s, StatusCode status) {
            if (status.isBad()) {
              lost(DataValueMapping.statusName(status) + ": the server ended the subscription");
            }
          }
        });
    subscription.create();
    List<OpcUaMonitoredItem> items = new ArrayList<>();
    Map<OpcUaMonitoredItem, OpcUaPoint> byItem = new HashMap<>();
    for (OpcUaPoint point : config.points()) {
      Optional<NodeId> node = resolve(point);
      if (node.isEmpty()) {
        continue;
      }
      resolved.put(point.metric(), node.get());
      OpcUaMonitoredItem item;
      if (point.kind() == PointKind.ALARMS) {
        item = OpcUaMonitoredItem.newEventItem(node.get(), AlarmEvents.filter());
        item.setQueueSize(uint(100));
        item.setEventValueListener(
            (i, fields) ->
                AlarmEvents.decode(point, fields, System.currentTimeMillis())
                    .ifPresent(this::offer));
      } else {
        item = OpcUaMonitoredItem.newDataItem(node.get());
        item.setSamplingInterval((double) config.samplingInterval().toMillis());
        item.setQueueSize(uint(10));
        item.setDataValueListener((i, value) -> offer(point, value));
      }
      items.add(item);
      byItem.put(item, point);
    }
    subscription.addMonitoredItems(items);
    subscription.createMonitoredItems();
    for (OpcUaMonitoredItem item : items) {
      StatusCode result = item.getCreateResult().orElse(StatusCode.GOOD);
      if (result.isBad()) {
        offer(byItem.get(item), new DataValue(result));
      }
    }
  }

  /** The point's NodeId; a path that does not resolve is reported as a BAD update instead. */
  private Optional<NodeId> resolve(OpcUaPoint point) throws UaException {
    if (point.node() instanceof NodeRef.ById id) {
      return Optional.of(NodeId.parse(id.text()));
    }
    NodeRef.ByPath path = (NodeRef.ByPath) point.node();
    NodeId at = NodeIds.ObjectsFolder;
    for (NodeRef.PathElement element : path.elements()) {
      Optional<NodeId> child = child(at, element);
      if (child.isEmpty()) {
        offer(point, new DataValue(new StatusCode(StatusCodes.Bad_NoMatch)));
        return Optional.empty();
      }
      at = child.get();
    }
    return Optional.of(at);
  }

  private Optional<NodeId> child(NodeId parent, NodeRef.PathElement element) throws UaException {
    BrowseResult result =
        client.browse(
            new BrowseDescription(
                parent,
                BrowseDirection.Forward,
                NodeIds.HierarchicalReferences,
                true,
                uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                uint(BrowseResultMask.All.getValue())));
    ReferenceDescription[] refs = result.getReferences();
    if (refs == null) {
      return Optional.empty();
    }
    for (ReferenceDescription ref : refs) {
      if (element.matches(
          ref.getBrowseName().getNamespaceIndex().intValue(), ref.getBrowseName().getName())) {
        return ref.getNodeId().toNodeId(client.getNamespaceTable());
      }
    }
    return Optional.empty();
  }

  private void offer(OpcUaPoint point, DataValue value) {
    synchronized (lastValue) {
      if (value.getValue() != null && value.getValue().isNotNull()) {
        lastValue.put(point.metric(), value.getValue());
      }
    }
    if (queued.incrementAndGet() > MAX_QUEUED) {
      // The agent has not polled for a long time: keep the newest values.
      updates.poll();
      queued.decrementAndGet();
    }
    updates.add(new Update(point, value));
  }

  private void offer(AlarmEvents.Notice notice) {
    if (alarms.size() >= MAX_QUEUED) {
      alarms.poll();
    }
    alarms.add(notice);
  }

  /** The alarm condition events that arrived since the last call, oldest first. */
  List<AlarmEvents.Notice> drainAlarms() {
    List<AlarmEvents.Notice> out = new ArrayList<>();
    AlarmEvents.Notice n;
    while ((n = alarms.poll()) != null) {
      out.add(n);
    }
    return out;
  }

  /** Everything that arrived since the last call, oldest first. */
  List<Update> drain() {
    List<Update> out = new ArrayList<>();
    Update u;
    while ((u = updates.poll()) != null) {
      queued.decrementAndGet();
      out.add(u);
    }
    return out;
  }

  /** Why the link can no longer be used, once the session or subscription is gone. */
  Optional<String> lost() {
    return Optional.ofNullable(lost.get());
  }

  private void lost(String why) {
    lost.compareAndSet(null, why);
  }

  /** Writes one value to a point's node; the server's status code says whether it took it. */
  StatusCode write(OpcUaPoint point, Variant value) throws UaException {
    NodeId node = resolved.get(point.metric());
    if (node == null) {
      return new StatusCode(StatusCodes.Bad_NodeIdUnknown);
    }
    return client.writeValues(List.of(node), List.of(DataValue.valueOnly(value))).get(0);
  }

  /** The last value the server sent for a point, or a fresh read of it. */
  Optional<Variant> currentValue(OpcUaPoint point) throws UaException {
    synchronized (lastValue) {
      Variant v = lastValue.get(point.metric());
      if (v != null) {
        return Optional.of(v);
      }
    }
    NodeId node = resolved.get(point.metric());
    if (node == null) {
      return Optional.empty();
    }
    DataValue dv = client.readValue(0, TimestampsToReturn.Neither, node);
    return dv.getStatusCode().isGood() ? Optional.ofNullable(dv.getValue()) : Optional.empty();
  }

  @Override
  public void close() {
    try {
      client.disconnectAsync().get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing a session whose server is gone fails; the channel is released either way.
    }
  }
}
