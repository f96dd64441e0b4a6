package io.campusedge.agent;

import io.campusedge.agent.internal.update.BundleException;
import io.campusedge.agent.internal.update.BundleManifest;
import io.campusedge.agent.internal.update.Ed25519Keys;
import io.campusedge.agent.internal.update.UpdateBundle;
import io.campusedge.agent.internal.update.Versions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Signed update bundles: the release manager's {@code keygen}, {@code sign} and {@code verify}, the
 * build's {@code bundle}, and the technician's {@code status} and {@code rollback}.
 */
@Command(
    name = "update",
    description = "Signed update bundles and the versions installed on this gateway.",
    subcommands = {
      UpdateCommand.Keygen.class,
      UpdateCommand.Bundle.class,
      UpdateCommand.Sign.class,
      UpdateCommand.Verify.class,
      UpdateCommand.Status.class,
      UpdateCommand.Rollback.class
    })
final class UpdateCommand implements Runnable {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int REFUSED = 4;
  private static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/campusedge");

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "keygen",
      description =
          "Write a new Ed25519 key pair: PREFIX.key (PKCS#8 PEM, mode 600; keep it offline) and"
              + " PREFIX.pub (for update.trustedKeys on the gateways).")
  static final class Keygen implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "e.g. release")
    Path prefix;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws GeneralSecurityException {
      PrintWriter err = spec.commandLine().getErr();
      Path privateFile = prefix.resolveSibling(prefix.getFileName() + ".key");
      Path publicFile = prefix.resolveSibling(prefix.getFileName() + ".pub");
      KeyPair pair = Ed25519Keys.generate();
      try {
        writeNew(privateFile, Ed25519Keys.privatePem(pair.getPrivate()), true);
        writeNew(publicFile, Ed25519Keys.publicPem(pair.getPublic()), false);
      } catch (FileAlreadyExistsException e) {
        err.println("update keygen: " + e.getFile() + " exists; not overwritten");
        return USAGE;
      } catch (IOException e) {
        err.println("update keygen: cannot write the keys: " + e);
        return FAILED;
      }
      spec.commandLine()
          .getOut()
          .println(
              "Wrote "
                  + privateFile
                  + " (private: keep it offline, never in the repository) and "
                  + publicFile
                  + " (install it as /etc/campusedge/update-keys/"
                  + publicFile.getFileName()
                  + ")");
      return OK;
    }

    private static void writeNew(Path file, String text, boolean secret) throws IOException {
      if (Files.exists(file)) {
        throw new FileAlreadyExistsException(file.toString());
      }
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      if (secret && parent.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(
          file,
          text,
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
    }
  }

  @Command(
      name = "bundle",
      description = "Build an unsigned update bundle (manifest.json, the agent jar, lib/).")
  static final class Bundle implements Callable<Integer> {
    @Option(names = "--jar", required = true, description = "campusedge-agent.jar")
    Path jar;

    @Option(names = "--lib", required = true, description = "the jar's lib/ folder")
    Path lib;

    @Option(names = "--version", required = true, description = "x.y.z of the jar")
    String version;

    @Option(names = "--minimum-from", defaultValue = "", description = "oldest version to upgrade")
    String minimumFrom;

    @Option(names = "--created", description = "ISO instant (reproducible builds); default now")
    Instant created;

    @Option(names = "--out", required = true, description = "the bundle (.zip)")
    Path out;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try {
        Optional<String> jarVersion = implementationVersion(jar);
        if (jarVersion.isPresent() && !jarVersion.get().equals(version)) {
          spec.commandLine()
              .getErr()
              .println(
                  "update bundle: "
                      + jar
                      + " is version "
                      + jarVersion.get()
                      + ", not "
                      + version
                      + " (the agent reports its jar's version to the hub)");
          return USAGE;
        }
        BundleManifest manifest =
            UpdateBundle.build(
                jar, lib, version, minimumFrom, created == null ? Instant.now() : created, out);
        spec.commandLine()
            .getOut()
            .println(
                "Wrote "
                    + out
                    + " (unsigned, "
                    + manifest.files().size()
                    + " files); sign it with: campusedge-agent update sign --key release.key "
                    + out);
        return OK;
      } catch (IOException e) {
        spec.commandLine().getErr().println("update bundle: " + e);
        return FAILED;
      }
    }
  }

  @Command(
      name = "sign",
      description =
          "Sign a bundle's manifest with the release key (adds manifest.sig) and print what the"
              + " hub's update offer needs.")
  static final class Sign implements Callable<Integer> {
    @Option(names = "--key", required = true, description = "the private key (PEM)")
    Path key;

    @Parameters(paramLabel = "BUNDLE")
    Path bundle;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try {
        BundleManifest manifest = UpdateBundle.sign(bundle, Ed25519Keys.readPrivate(key));
        printOffer(spec.commandLine().getOut(), manifest, bundle);
        return OK;
      } catch (BundleException e) {
        spec.commandLine().getErr().println("update sign: " + e.getMessage());
        return REFUSED;
      } catch (IOException | GeneralSecurityException e) {
        spec.commandLine().getErr().println("update sign: " + e.getMessage());
        return FAILED;
      }
    }
  }

  @Command(
      name = "verify",
      description = "Check a bundle as a gateway would: signature by one of the keys, every file.")
  static final class Verify implements Callable<Integer> {
    @Option(names = "--key", required = true, description = "trusted public key(s) (PEM)")
    List<Path> keys = new ArrayList<>();

    @Parameters(paramLabel = "BUNDLE")
    Path bundle;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Path scratch = null;
      try {
        List<PublicKey> trusted = new ArrayList<>();
        for (Path key : keys) {
          trusted.add(Ed25519Keys.readPublic(key));
        }
        BundleManifest manifest = UpdateBundle.verifiedManifest(bundle, trusted, new byte[0]);
        scratch = Files.createTempDirectory("campusedge-verify");
        UpdateBundle.extract(bundle, manifest, scratch.resolve("x"));
        printOffer(spec.commandLine().getOut(), manifest, bundle);
        return OK;
      } catch (BundleException e) {
        spec.commandLine().getErr().println("update verify: refused: " + e.getMessage());
        return REFUSED;
      } catch (IOException | GeneralSecurityException e) {
        spec.commandLine().getErr().println("update verify: " + e.getMessage());
        return FAILED;
      } finally {
        deleteQuietly(scratch);
      }
    }
  }

  @Command(
      name = "status",
      description = "The running version, a pending update, the last rollback, installed versions.")
  static final class Status implements Callable<Integer> {
    @Option(names = "--data-dir", description = "default /var/lib/campusedge")
    Path dataDir = DEFAULT_DATA_DIR;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Versions versions = new Versions(dataDir.resolve("versions"));
      out.println("current: " + versions.current());
      versions
          .pending()
          .ifPresent(
              p ->
                  out.println(
                      "pending: "
                          + p.version()
                          + " (previous "
                          + p.previous()
                          + ", must confirm by "
                          + p.deadline()
                          + ", started "
                          + versions.attempts()
                          + " of "
                          + p.maxAttempts()
                          + " times)"));
      versions
          .lastRollback()
          .ifPresent(
              r ->
                  out.println(
                      "last rollback: "
                          + r.from()
                          + " -> "
                          + r.to()
                          + " at "
                          + r.time()
                          + ": "
                          + r.reason()));
      out.println("installed: " + String.join(", ", versions.installed()) + " (and package)");
      return OK;
    }
  }

  @Command(
      name = "rollback",
      description =
          "Switch back to the previous version (the pending update's, else the newest older one,"
              + " else the package's); then restart the service.")
  static final class Rollback implements Callable<Integer> {
    @Option(names = "--data-dir", description = "default /var/lib/campusedge")
    Path dataDir = DEFAULT_DATA_DIR;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Versions versions = new Versions(dataDir.resolve("versions"));
      try {
        Optional<Versions.Rollback> done = versions.rollBackByHand(Instant.now());
        if (done.isEmpty()) {
          spec.commandLine()
              .getErr()
              .println("update rollback: the package's version already runs; nothing to do");
          return USAGE;
        }
        spec.commandLine()
            .getOut()
            .println(
                "Switched from "
                    + done.get().from()
                    + " to "
                    + done.get().to()
                    + "; now: sudo systemctl restart campusedge-agent");
        return OK;
      } catch (IOException e) {
        spec.commandLine().getErr().println("update rollback: " + e);
        return FAILED;
      }
    }
  }

  private static Optional<String> implementationVersion(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      return Optional.ofNullable(
          manifest == null
              ? null
              : manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION));
    } catch (ZipException e) {
      return Optional.empty(); // not a jar (tests); nothing to compare
    }
  }

  static void printOffer(PrintWriter out, BundleManifest manifest, Path bundle) throws IOException {
    byte[] sha = UpdateBundle.sha256(bundle);
    out.println("version: " + manifest.version());
    out.println("sha256 (hex): " + HexFormat.of().formatHex(sha));
    out.println("sha256 (base64): " + Base64.getEncoder().encodeToString(sha));
  }

  private static void deleteQuietly(Path dir) {
    if (dir != null) {
      try {
        Versions.deleteTree(dir);
      } catch (IOException e) {
        // a temporary folder; the system cleans it
      }
    }
  }
}
