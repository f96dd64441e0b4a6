package io.campusedge.agent.internal.update;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.internal.command.Outcome;
import io.campusedge.agent.internal.uplink.TlsContexts;
import io.campusedge.protos.v1.CommandStatus;
import io.campusedge.protos.v1.UpdateOffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out an {@link UpdateOffer}: refuses what must not be installed (updates off, downgrade,
 * same version, an update already pending), downloads the bundle, checks its SHA-256 against the
 * offer, the manifest's signature against the trusted keys and every file against the manifest,
 * unpacks it beside the running version and switches to it with a pending marker. The restart comes
 * after the answer, from {@link Restarter}.
 */
public final class UpdateInstaller {
  private static final Logger log = LoggerFactory.getLogger(UpdateInstaller.class);

  /** The name the launcher starts in {@code versions/<version>/}. */
  static final String AGENT_JAR = "campusedge-agent.jar";

  /** Ends this process so that the service manager starts the newly current version. */
  @FunctionalInterface
  public interface Restarter {
    /** Must return at once: the command's result is published after this. */
    void restartSoon();
  }

  private final AgentConfig.UpdateSettings settings;
  private final Versions versions;
  private final String runningInstall;
  private final String runningVersion;
  private final Clock wall;
  private final Restarter restarter;

  /**
   * {@code runningInstall} is what the launcher started ({@code package} or a version folder), the
   * previous version after the switch; {@code runningVersion} is this agent's version.
   */
  public UpdateInstaller(
      AgentConfig.UpdateSettings settings,
      Versions versions,
      String runningInstall,
      String runningVersion,
      Clock wall,
      Restarter restarter) {
    this.settings = settings;
    this.versions = versions;
    this.runningInstall = runningInstall;
    this.runningVersion = runningVersion;
    this.wall = wall;
    this.restarter = restarter;
  }

  public synchronized Outcome offer(UpdateOffer offer) {
    if (!settings.enabled()) {
      return new Outcome(
          CommandStatus.COMMAND_STATUS_UNSUPPORTED,
          "updates are off on this gateway (no update.trustedKeys in its configuration);"
              + " nothing was done");
    }
    Optional<String> refusal = refusal(offer);
    if (refusal.isPresent()) {
      log.warn("Update offer {} refused: {}", offer.getVersion(), refusal.get());
      return Outcome.rejected(refusal.get());
    }
    String version = SemanticVersion.parse(offer.getVersion()).orElseThrow().toString();
    Instant deadline = wall.instant().plus(settings.confirmWithin());
    Path download = versions.dir().resolve(".download-" + version + ".zip");
    Path staging = versions.dir().resolve(".staging-" + version);
    try {
      Files.createDirectories(versions.dir());
      Versions.deleteTree(staging);
      Files.deleteIfExists(download);
      downloader().fetch(offer.getUrl(), download);
      install(offer, version, download, staging, deadline);
    } catch (BundleException e) {
      log.warn("Update {} refused: {}", version, e.getMessage());
      return Outcome.rejected(e.getMessage() + "; nothing was installed");
    } catch (IOException | GeneralSecurityException e) {
      log.warn("Update {} failed: {}", version, e.getMessage());
      return Outcome.failed(e.getMessage() + "; nothing was installed");
    } finally {
      cleanUp(download, staging);
    }
    log.info(
        "Update {} installed beside {}; restarting; it must confirm by {}",
        version,
        runningInstall,
        deadline);
    restarter.restartSoon();
    return Outcome.ok(
        "installed "
            + version
            + ", restarting (rolls back to "
            + runningVersion
            + " unless online with data acknowledged by "
            + deadline
            + ")");
  }

  private void install(
      UpdateOffer offer, String version, Path download, Path staging, Instant deadline)
      throws IOException, BundleException {
    byte[] actual = UpdateBundle.sha256(download);
    if (!MessageDigest.isEqual(actual, offer.getSha256().toByteArray())) {
      throw new BundleException(
          "the bundle's SHA-256 "
              + HexFormat.of().formatHex(actual)
              + " is not the offer's "
              + HexFormat.of().formatHex(offer.getSha256().toByteArray()));
    }
    BundleManifest manifest =
        UpdateBundle.verifiedManifest(
            download, settings.trustedKeys(), offer.getSignature().toByteArray());
    if (!manifest.version().equals(version)) {
      throw new BundleException(
          "the bundle is version " + manifest.version() + ", the offer says " + version);
    }
    if (!manifest.agentJar().equals(AGENT_JAR)) {
      throw new BundleException(
          "the bundle's agent jar is "
              + manifest.agentJar()
              + ", the launcher starts "
              + AGENT_JAR);
    }
    Optional<SemanticVersion> minimum = SemanticVersion.parse(manifest.minimumFrom());
    if (minimum.isPresent() && running().compareTo(minimum.get()) < 0) {
      throw new BundleException(
          version
              + " can only be installed over "
              + minimum.get()
              + " or newer, this is "
              + running());
    }
    UpdateBundle.extract(download, manifest, staging);
    Path target = versions.versionDir(version);
    Versions.deleteTree(target);
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    try {
      versions.switchTo(version, runningInstall, deadline, settings.maxAttempts());
    } catch (IOException e) {
      Versions.deleteTree(target);
      throw e;
    }
  }

  private Optional<String> refusal(UpdateOffer offer) {
    Optional<SemanticVersion> offered = SemanticVersion.parse(offer.getVersion());
    if (offered.isEmpty()) {
      return Optional.of("version '" + offer.getVersion() + "' is not x.y.z; nothing was done");
    }
    Optional<SemanticVersion> running = SemanticVersion.parse(runningVersion);
    if (running.isEmpty()) {
      return Optional.of(
          "this agent's version '"
              + runningVersion
              + "' is not x.y.z (a development build), so a downgrade cannot be ruled out;"
              + " nothing was done");
    }
    int order = offered.get().compareTo(running.get());
    if (order == 0) {
      return Optional.of(offered.get() + " is already running; nothing was done");
    }
    if (order < 0) {
      return Optional.of(
          "downgrade from "
              + running.get()
              + " to "
              + offered.get()
              + " refused; nothing was done");
    }
    if (versions.pending().isPresent()) {
      return Optional.of(
          "the update to "
              + versions.pending().get().version()
              + " is not confirmed yet; offer again later");
    }
    Optional<Versions.Rollback> rollback = versions.lastRollback();
    if (rollback.isPresent() && rollback.get().from().equals(offered.get().toString())) {
      return Optional.of(
          offered.get()
              + " was rolled back on this gateway at "
              + rollback.get().time()
              + " ("
              + rollback.get().reason()
              + "); not installed again, offer a newer version");
    }
    if (offer.getSha256().size() != 32) {
      return Optional.of("the offer's sha256 must be 32 bytes; nothing was done");
    }
    return Optional.empty();
  }

  private SemanticVersion running() {
    return SemanticVersion.parse(runningVersion).orElseThrow();
  }

  private BundleDownload downloader() throws GeneralSecurityException, IOException {
    Optional<SSLContext> tls = Optional.empty();
    if (settings.caFile().isPresent()) {
      tls =
          Optional.of(
              TlsContexts.build(
                  new AgentConfig.TlsFiles(settings.caFile(), Optional.empty(), Optional.empty())));
    }
    return new BundleDownload(
        tls, settings.maxBundleBytes(), settings.downloadTimeout(), settings.allowInsecureHttp());
  }

  private static void cleanUp(Path download, Path staging) {
    try {
      Files.deleteIfExists(download);
      Versions.deleteTree(staging);
    } catch (IOException e) {
      log.warn("Update leftovers not removed: {}", e.toString());
    }
  }
}
