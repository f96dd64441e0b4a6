package io.campusedge.agent.internal.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.internal.command.Outcome;
import io.campusedge.protos.v1.CommandStatus;
import io.campusedge.protos.v1.UpdateOffer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateInstallerTest {
  private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

  @TempDir Path tmp;
  private Path served;
  private BundleServer server;
  private KeyPair release;
  private Versions versions;
  private final AtomicInteger restarts = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    served = tmp.resolve("served");
    Files.createDirectories(served);
    server = new BundleServer(served);
    release = Ed25519Keys.generate();
    versions = new Versions(tmp.resolve("data/versions"));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void aSignedNewerBundleIsInstalledBesideTheRunningVersionAndSwitchedTo() throws Exception {
    Path bundle = TestBundles.signed(served, "0.2.0", release.getPrivate());

    Outcome outcome = installer("0.1.0").offer(offer("0.2.0", bundle));

    assertThat(outcome.status()).isEqualTo(CommandStatus.COMMAND_STATUS_OK);
    assertThat(outcome.message()).startsWith("installed 0.2.0, restarting");
    assertThat(versions.current()).isEqualTo("0.2.0");
    assertThat(versions.versionDir("0.2.0").resolve("campusedge-agent.jar")).exists();
    assertThat(versions.versionDir("0.2.0").resolve("lib/protobuf-java.jar")).exists();
    assertThat(versions.pending())
        .contains(new Versions.Pending("0.2.0", "package", NOW.plus(Duration.ofMinutes(10)), 3));
    assertThat(restarts).hasValue(1);
    assertThat(Files.list(versions.dir()).map(p -> p.getFileName().toString()))
        .as("no download or staging leftovers")
        .noneMatch(name -> name.startsWith(".download") || name.startsWith(".staging"));
  }

  @Test
  void aByteChangedInTheJarIsRefusedByTheManifestHash() throws Exception {
    Path bundle = TestBundles.signed(served, "0.2.0", release.getPrivate());
    TestBundles.change(bundle, "campusedge-agent.jar", TestBundles::flipOneByte);

    Outcome outcome = installer("0.1.0").offer(offer("0.2.0", bundle));

    assertRefused(
        outcome,
        "campusedge-agent.jar: SHA-256 does not match the signed manifest (tampered or damaged"
            + " bundle); nothing was installed");
  }

  @Test
  void aChangedManifestFailsItsSignature() throws Exception {
    Path bundle = TestBundles.signed(served, "0.2.0", release.getPrivate());
    TestBundles.change(
        bundle,
        "manifest.json",
        json ->
            new String(json, StandardCharsets.UTF_8)
                .replace("2026-12-01", "2026-12-02")
                .getBytes(StandardCharsets.UTF_8));

    Outcome outcome = installer("0.1.0").offer(offer("0.2.0", bundle));

    assertRefused(outcome, "manifest signature is not valid for any trusted update key");
  }

  @Test
  void aBundleSignedWithAnotherKeyIsRefused() throws Exception {
    KeyPair stranger = Ed25519Keys.generate();
    Path bundle = TestBundles.signed(served, "0.2.0", stranger.getPrivate());

    assertRefused(
        installer("0.1.0").offer(offer("0.2.0", bundle)),
        "manifest signature is not valid for any trusted update key");
  }

  @Test
  void anUnsignedBundleIsRefused() throws Exception {
    Path bundle = TestBundles.unsigned(served, "0.2.0");

    assertRefused(
        installer("0.1.0").offer(offer("0.2.0", bundle)), "the bundle has no manifest.sig");
  }

  @Test
  void aBundleThatIsNotTheOfferedOneIsRefusedByItsSha256() throws Exception {
    Path bundle = TestBundles.signed(served, "0.2.0", release.getPrivate());
    UpdateOffer offer =
        offer("0.2.0", bundle).toBuilder().setSha256(ByteString.copyFrom(new byte[32])).build();

    assertRefused(installer("0.1.0").offer(offer), "the bundle's SHA-256");
  }

  @Test
  void anOfferSignatureThatIsNotTheReleaseKeysIsRefused() throws Exception {
    Path bundle = TestBundles.signed(served, "0.2.0", release.getPrivate());
    UpdateOffer offer =
        offer("0.2.0", bundle).toBuilder().setSignature(ByteString.copyFrom(new byte[64])).build();

    assertRefused(
        installer("0.1.0").offer(offer), "the offer's signature is not a valid signature");
  }

  @Test
  void aBundleOfAnotherVersionThanOfferedIsRefused() throws Exception {
    Path bundle = TestBundles.signed(served, "0.3.0", release.getPrivate());

    assertRefused(
        installer("0.1.0").offer(offer("0.2.0", bundle)),
        "the bundle is version 0.3.0, the offer says 0.2.0");
  }

  @Test
  void aBundleWhoseAgentJarTheLauncherWouldNotFindIsRefused() throws Exception {
    Path in = tmp.resolve("odd");
    Files.createDirectories(in.resolve("lib"));
    Files.writeString(in.resolve("agent.jar"), "agent");
    Path bundle = served.resolve("odd.zip");
    UpdateBundle.build(in.resolve("agent.jar"), in.resolve("lib"), "0.2.0", "", NOW, bundle);
    UpdateBundle.sign(bundle, release.getPrivate());

    assertRefused(
        installer("0.1.0").offer(offer("0.2.0", bundle)),
        "the bundle's agent jar is agent.jar, the launcher starts campusedge-agent.jar");
  }

  @Test
  void aBundleForNewerAgentsOnlyIsRefused() throws Exception {
    Path in = tmp.resolve("min");
    Files.createDirectories(in.resolve("lib"));
    Files.writeString(in.resolve("campusedge-agent.jar"), "agent");
    Path bundle = served.resolve("min.zip");
    UpdateBundle.build(
        in.resolve("campusedge-agent.jar"), in.resolve("lib"), "0.3.0", "0.2.0", NOW, bundle);
    UpdateBundle.sign(bundle, release.getPrivate());

    assertRefused(
        installer("0.1.0").offer(offer("0.3.0", bundle)),
        "0.3.0 can only be installed over 0.2.0 or newer, this is 0.1.0");
  }

  @Test
  void downgradesAndTheSameVersionAreRefusedWithoutDownloading() throws Exception {
    Path bundle = TestBundles.signed(served, "0.2.0", release.getPrivate());

    Outcome downgrade = installer("0.3.0").offer(offer("0.2.0", bundle));
    Outcome same = installer("0.2.0").offer(offer("0.2.0", bundle));
    Outcome snapshot = installer("0.2.0").offer(offer("0.2.0-SNAPSHOT", bundle));

    assertThat(downgrade)
        .isEqualTo(Outcome.rejected("downgrade from 0.3.0 to 0.2.0 refused; nothing was done"));
    assertThat(same).isEqualTo(Outcome.rejected("0.2.0 is already running; nothing was done"));
    assertThat(snapshot.message()).startsWith("downgrade from 0.2.0 to 0.2.0-SNAPSHOT refused");
    assertThat(server.requests).hasValue(0);
    assertThat(versions.current()).isEqualTo(Versions.PACKAGE);
  }

  @Test
  void withoutTrustedKeysUpdatesAreUnsupported() throws Exception {
    Path bundle = TestBundles.signed(served, "0.2.0", release.getPrivate());
    UpdateInstaller installer =
        new UpdateInstaller(
            AgentConfig.UpdateSettings.DISABLED,
            versions,
            "package",
            "0.1.0",
            clock(),
            restarts::incrementAndGet);

    Outcome outcome = installer.offer(offer("0.2.0", bundle));

    assertThat(outcome.status()).isEqualTo(CommandStatus.COMMAND_STATUS_UNSUPPORTED);
    assertThat(outcome.message()).contains("no update.trustedKeys");
    assertThat(server.requests).hasValue(0);
  }

  @Test
  void aMissingBundleFails() throws Exception {
    Path bundle = TestBundles.signed(tmp, "0.2.0", release.getPrivate());
    UpdateOffer offer =
        offer("0.2.0", bundle).toBuilder().setUrl(server.url("nothing.zip")).build();

    Outcome outcome = installer("0.1.0").offer(offer);

    assertThat(outcome.status()).isEqualTo(CommandStatus.COMMAND_STATUS_FAILED);
    assertThat(outcome.message()).contains("HTTP 404").endsWith("nothing was installed");
    assertNothingInstalled();
  }

  @Test
  void aServerThatRefusesTheConnectionFails() throws Exception {
    Path bundle = TestBundles.signed(tmp, "0.2.0", release.getPrivate());
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    UpdateOffer offer =
        offer("0.2.0", bundle).toBuilder()
            .setUrl("http://127.0.0.1:" + closedPort + "/b.zip")
            .build();

    Outcome outcome = installer("0.1.0").offer(offer);

    assertThat(outcome.status()).isEqualTo(CommandStatus.COMMAND_STATUS_FAILED);
    assertThat(outcome.message()).contains("connection refused");
    assertNothingInstalled();
  }

  @Test
  void aBundleLargerThanTheLimitIsRefused() throws Exception {
    Path bundle = TestBundles.signed(served, "0.2.0", release.getPrivate());
    UpdateInstaller small = installer("0.1.0", settings(1024, true));

    Outcome outcome = small.offer(offer("0.2.0", bundle));

    assertRefused(outcome, "the bundle is larger than update.maxBundleSize");
  }

  @Test
  void plainHttpIsRefusedUnlessAllowed() throws Exception {
    Path bundle = TestBundles.signed(served, "0.2.0", release.getPrivate());

    Outcome outcome = installer("0.1.0", settings(1 << 20, false)).offer(offer("0.2.0", bundle));

    assertRefused(outcome, "the offer's url must be https://");
    assertThat(server.requests).hasValue(0);
  }

  @Test
  void aSecondOfferWhileAnUpdateIsPendingIsRefused() throws Exception {
    Path first = TestBundles.signed(served, "0.2.0", release.getPrivate());
    Path second = TestBundles.signed(served, "0.3.0", release.getPrivate());
    installer("0.1.0").offer(offer("0.2.0", first));

    Outcome outcome = installer("0.1.0").offer(offer("0.3.0", second));

    assertThat(outcome.message()).contains("the update to 0.2.0 is not confirmed yet");
  }

  @Test
  void aVersionThatWasRolledBackIsNotInstalledAgain() throws Exception {
    Path bundle = TestBundles.signed(served, "0.2.0", release.getPrivate());
    installer("0.1.0").offer(offer("0.2.0", bundle));
    versions.rollBack("0.2.0 started 4 times without confirming", NOW);

    Outcome again = installer("0.1.0").offer(offer("0.2.0", bundle));

    assertThat(again.status()).isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    assertThat(again.message()).contains("0.2.0 was rolled back on this gateway");
  }

  private void assertRefused(Outcome outcome, String reason) throws IOException {
    assertThat(outcome.status()).isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    assertThat(outcome.message()).contains(reason);
    assertNothingInstalled();
  }

  private void assertNothingInstalled() throws IOException {
    assertThat(versions.current()).isEqualTo(Versions.PACKAGE);
    assertThat(versions.pending()).isEmpty();
    assertThat(versions.installed()).isEmpty();
    assertThat(restarts).hasValue(0);
    if (Files.isDirectory(versions.dir())) {
      try (var files = Files.list(versions.dir())) {
        assertThat(files).as("nothing left in %s", versions.dir()).isEmpty();
      }
    }
  }

  private UpdateOffer offer(String version, Path bundle) throws IOException {
    return UpdateOffer.newBuilder()
        .setVersion(version)
        .setUrl(server.url(bundle.getFileName().toString()))
        .setSha256(ByteString.copyFrom(UpdateBundle.sha256(bundle)))
        .build();
  }

  private UpdateInstaller installer(String running) {
    return installer(running, settings(1 << 20, true));
  }

  private UpdateInstaller installer(String running, AgentConfig.UpdateSettings settings) {
    return new UpdateInstaller(
        settings, versions, "package", running, clock(), restarts::incrementAndGet);
  }

  private AgentConfig.UpdateSettings settings(long maxBytes, boolean allowHttp) {
    return new AgentConfig.UpdateSettings(
        List.of(release.getPublic()),
        Duration.ofMinutes(10),
        3,
        maxBytes,
        Duration.ofSeconds(10),
        allowHttp,
        Optional.empty());
  }

  private static Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }
}
