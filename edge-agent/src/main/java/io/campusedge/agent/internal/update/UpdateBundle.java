package io.campusedge.agent.internal.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * An update bundle: a ZIP with {@code manifest.json}, the detached Ed25519 signature of those bytes
 * in {@code manifest.sig}, the agent jar and {@code lib/}. The signature makes the manifest
 * trustworthy; the manifest pins every other file by SHA-256.
 */
public final class UpdateBundle {
  private static final HexFormat HEX = HexFormat.of();

  private UpdateBundle() {}

  /** Writes an unsigned bundle; entries sorted and dated {@code created}, so builds reproduce. */
  public static BundleManifest build(
      Path agentJar, Path libDir, String version, String minimumFrom, Instant created, Path out)
      throws IOException {
    Map<String, Path> files = new TreeMap<>();
    files.put(agentJar.getFileName().toString(), agentJar);
    if (Files.isDirectory(libDir)) {
      try (Stream<Path> libs = Files.list(libDir)) {
        libs.filter(Files::isRegularFile)
            .forEach(lib -> files.put("lib/" + lib.getFileName(), lib));
      }
    }
    Map<String, String> hashes = new TreeMap<>();
    for (Map.Entry<String, Path> file : files.entrySet()) {
      hashes.put(file.getKey(), sha256Hex(file.getValue()));
    }
    BundleManifest manifest =
        new BundleManifest(
            BundleManifest.FORMAT,
            version,
            created.toString(),
            agentJar.getFileName().toString(),
            minimumFrom,
            hashes);
    Path temp = out.resolveSibling(out.getFileName() + ".tmp");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(temp))) {
      put(zip, BundleManifest.FILE, manifest.toJson(), created);
      for (Map.Entry<String, Path> file : files.entrySet()) {
        put(zip, file.getKey(), Files.readAllBytes(file.getValue()), created);
      }
    }
    Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING);
    return manifest;
  }

  /** Adds (or replaces) {@code manifest.sig}: the release manager's step, with the offline key. */
  public static BundleManifest sign(Path bundle, PrivateKey key)
      throws IOException, GeneralSecurityException, BundleException {
    Path temp = bundle.resolveSibling(bundle.getFileName() + ".tmp");
    BundleManifest manifest;
    try (ZipFile zip = new ZipFile(bundle.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(temp))) {
      byte[] json = read(zip, BundleManifest.FILE);
      manifest = BundleManifest.parse(json);
      Instant created = Instant.parse(manifest.created());
      put(out, BundleManifest.FILE, json, created);
      put(out, BundleManifest.SIGNATURE_FILE, Ed25519Keys.sign(key, json), created);
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        if (!entry.getName().startsWith("manifest.")) {
          try (InputStream in = zip.getInputStream(entry)) {
            put(out, entry.getName(), in.readAllBytes(), created);
          }
        }
      }
    }
    Files.move(temp, bundle, StandardCopyOption.REPLACE_EXISTING);
    return manifest;
  }

  /**
   * The manifest, once its signature (and {@code offerSignature}, when the offer carries one) is
   * valid under one of {@code trusted}.
   */
  public static BundleManifest verifiedManifest(
      Path bundle, List<PublicKey> trusted, byte[] offerSignature)
      throws IOException, BundleException {
    try (ZipFile zip = openZip(bundle)) {
      byte[] json = read(zip, BundleManifest.FILE);
      byte[] signature = read(zip, BundleManifest.SIGNATURE_FILE);
      if (!signedByTrusted(trusted, json, signature)) {
        throw new BundleException(
            "manifest signature is not valid for any trusted update key (bundle signed with"
                + " another key, or manifest.json changed after signing)");
      }
      if (offerSignature.length > 0 && !signedByTrusted(trusted, json, offerSignature)) {
        throw new BundleException(
            "the offer's signature is not a valid signature of the manifest by a trusted key");
      }
      return BundleManifest.parse(json);
    }
  }

  /**
   * Unpacks every file into {@code target} (which must not exist), checking each against the
   * manifest; a file not listed, a listed file missing or a hash mismatch refuses the bundle.
   */
  public static void extract(Path bundle, BundleManifest manifest, Path target)
      throws IOException, BundleException {
    Files.createDirectories(target);
    Set<String> seen = new HashSet<>();
    try (ZipFile zip = openZip(bundle)) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        String name = entry.getName();
        if (entry.isDirectory() || name.equals(BundleManifest.SIGNATURE_FILE)) {
          continue;
        }
        if (name.equals(BundleManifest.FILE)) {
          copy(zip, entry, target.resolve(name));
          continue;
        }
        String expected = manifest.files().get(name);
        if (expected == null) {
          throw new BundleException(name + " is in the bundle but not in the signed manifest");
        }
        Path file = safeResolve(target, name);
        String actual = copy(zip, entry, file);
        if (!actual.equalsIgnoreCase(expected)) {
          throw new BundleException(
              name + ": SHA-256 does not match the signed manifest (tampered or damaged bundle)");
        }
        seen.add(name);
      }
    }
    for (String listed : manifest.files().keySet()) {
      if (!seen.contains(listed)) {
        throw new BundleException(listed + " is in the signed manifest but not in the bundle");
      }
    }
  }

  public static String sha256Hex(Path file) throws IOException {
    return HEX.formatHex(sha256(file));
  }

  public static byte[] sha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return digest.digest();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static boolean signedByTrusted(List<PublicKey> trusted, byte[] data, byte[] signature) {
    return trusted.stream().anyMatch(key -> Ed25519Keys.verify(key, data, signature));
  }

  private static ZipFile openZip(Path bundle) throws BundleException, IOException {
    try {
      return new ZipFile(bundle.toFile());
    } catch (ZipException e) {
      throw new BundleException("the bundle is not a ZIP file (" + e.getMessage() + ")");
    }
  }

  private static Path safeResolve(Path target, String name) throws BundleException {
    Path file = target.resolve(name).normalize();
    if (name.startsWith("/") || name.contains("\\") || !file.startsWith(target.normalize())) {
      throw new BundleException(name + ": a path outside the bundle's folder");
    }
    return file;
  }

  private static String copy(ZipFile zip, ZipEntry entry, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    MessageDigest digest = sha256();
    try (InputStream in = zip.getInputStream(entry);
        OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    }
    return HEX.formatHex(digest.digest());
  }

  private static byte[] read(ZipFile zip, String name) throws IOException, BundleException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw new BundleException(
          "the bundle has no "
              + name
              + (name.equals(BundleManifest.SIGNATURE_FILE) ? " (it was never signed)" : ""));
    }
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readNBytes(1 << 20);
    }
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes, Instant time)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(time.toEpochMilli());
    zip.putNextEntry(entry);
    zip.write(bytes);
    zip.closeEntry();
  }
}
