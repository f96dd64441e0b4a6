package io.campusedge.agent.internal.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.internal.RunningAgent;
import io.campusedge.agent.internal.update.BundleServer;
import io.campusedge.agent.internal.update.Ed25519Keys;
import io.campusedge.agent.internal.update.TestBundles;
import io.campusedge.agent.internal.update.UpdateBundle;
import io.campusedge.agent.internal.update.UpdateHooks;
import io.campusedge.agent.internal.update.Versions;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.bus.Buses;
import io.campusedge.protos.v1.Command;
import io.campusedge.protos.v1.CommandResult;
import io.campusedge.protos.v1.CommandStatus;
import io.campusedge.protos.v1.UpdateOffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update offered through a real broker: the old agent answers OK and asks for a restart; the new
 * one confirms once the hub acks its data, or rolls back when it never does.
 */
class UpdateIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String SITE = "THPT-TEST";
  private static final String GATEWAY = "gw-update";

  @TempDir Path dir;
  private TestBroker broker;
  private FakeHub hub;
  private BundleServer bundles;
  private RunningAgent agent;
  private KeyPair release;
  private Path served;
  private final AtomicInteger restarts = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    broker = new TestBroker(dir.resolve("broker"));
    broker.start();
    served = dir.resolve("served");
    Files.createDirectories(served);
    bundles = new BundleServer(served);
    release = Ed25519Keys.generate();
    Files.writeString(dir.resolve("release.pub"), Ed25519Keys.publicPem(release.getPublic()));
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (hub != null) {
      hub.close();
    }
    bundles.close();
    broker.close();
  }

  @Test
  void theOfferIsAnsweredBeforeTheRestartAndTheNewVersionConfirmsOnceItsDataIsAcked()
      throws Exception {
    hub = new FakeHub(broker.url(), true);
    hub.connect();
    AgentConfig config = config("1m");
    Versions versions = new Versions(config.versionsDir());
    Path bundle = TestBundles.signed(served, "0.2.0", release.getPrivate());
    agent = startAs(config, "package", "0.1.0");
    await().atMost(PATIENCE).until(() -> agent.isConnected());

    hub.send(SITE, GATEWAY, offer("u-1", bundle));

    await().atMost(PATIENCE).until(() -> !hub.results().isEmpty());
    CommandResult result = hub.results().get(0);
    assertThat(result.getStatus())
        .as(result.getMessage())
        .isEqualTo(CommandStatus.COMMAND_STATUS_OK);
    assertThat(result.getMessage()).startsWith("installed 0.2.0, restarting");
    assertThat(restarts).hasValue(1);
    assertThat(versions.current()).isEqualTo("0.2.0");
    assertThat(versions.pending()).isPresent();

    agent.close(); // what the restart does; the launcher then starts 0.2.0
    assertThat(versions.atStart("0.2.0", Instant.now())).isEqualTo(Versions.StartDecision.CONTINUE);
    agent = startAs(config, "0.2.0", "0.2.0");

    await().atMost(PATIENCE).until(() -> versions.pending().isEmpty());
    assertThat(versions.current()).isEqualTo("0.2.0");
    assertThat(versions.lastRollback()).isEmpty();
    assertThat(restarts).hasValue(1);
  }

  @Test
  void aNewVersionWhoseDataIsNeverAckedRollsBackAtTheDeadline() throws Exception {
    hub = new FakeHub(broker.url(), false);
    hub.connect();
    AgentConfig config = config("2s");
    Versions versions = new Versions(config.versionsDir());
    Path bundle = TestBundles.signed(served, "0.2.0", release.getPrivate());
    agent = startAs(config, "package", "0.1.0");
    await().atMost(PATIENCE).until(() -> agent.isConnected());
    hub.send(SITE, GATEWAY, offer("u-2", bundle));
    await().atMost(PATIENCE).until(() -> versions.pending().isPresent());
    agent.close();

    agent = startAs(config, "0.2.0", "0.2.0");

    await().atMost(PATIENCE).until(() -> restarts.get() == 2);
    assertThat(agent.isConnected()).as("online, but the hub acked nothing").isTrue();
    assertThat(versions.current()).isEqualTo(Versions.PACKAGE);
    assertThat(versions.pending()).isEmpty();
    assertThat(versions.lastRollback().orElseThrow().reason())
        .startsWith("0.2.0 did not come online and get its data acknowledged by");
  }

  private RunningAgent startAs(AgentConfig config, String install, String version)
      throws Exception {
    return RunningAgent.start(
        config,
        Optional.empty(),
        DriverRegistry.load(),
        Buses.none(),
        Optional.of(new UpdateHooks(install, version, restarts::incrementAndGet)));
  }

  private AgentConfig config(String confirmWithin) throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        """
        site: %s
        gatewayId: %s
        dataDir: ./gw
        broker:
          url: %s
        rooms:
          - id: A101
        devices:
          - id: a101-climate
            type: simulated-climate
            pollInterval: 200ms
            params: { seed: 7 }
        uplink:
          reconnectMaxDelay: 1s
          linger: 0ms
        clock:
          assumeSynced: true
        status:
          listen: off
        update:
          trustedKeys: [release.pub]
          confirmWithin: %s
          allowInsecureHttp: true
        """
            .formatted(SITE, GATEWAY, broker.url(), confirmWithin));
    return new AgentConfigLoader(DriverRegistry.load()).load(file);
  }

  private UpdateOffer.Builder offerOf(Path bundle) throws Exception {
    return UpdateOffer.newBuilder()
        .setVersion("0.2.0")
        .setUrl(bundles.url(bundle.getFileName().toString()))
        .setSha256(ByteString.copyFrom(UpdateBundle.sha256(bundle)));
  }

  private Command offer(String id, Path bundle) throws Exception {
    return Command.newBuilder().setId(id).setUpdateOffer(offerOf(bundle)).build();
  }
}
