package io.campusedge.agent.internal.update;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Enumeration;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Bundles for tests: a small fake agent jar and one lib jar, signed or changed afterwards. */
public final class TestBundles {
  static final Instant CREATED = Instant.parse("2026-12-01T08:00:00Z");

  private TestBundles() {}

  static Path unsigned(Path dir, String version) throws IOException {
    Path in = dir.resolve("build-" + version);
    Files.createDirectories(in.resolve("lib"));
    Path jar = in.resolve("campusedge-agent.jar");
    // Incompressible, so the bundle is larger than a small size limit.
    byte[] classes = new byte[4096];
    new java.util.Random(version.hashCode()).nextBytes(classes);
    Files.write(jar, classes);
    Files.writeString(in.resolve("lib/protobuf-java.jar"), "a library", StandardCharsets.UTF_8);
    Path bundle = dir.resolve("campusedge-agent-update_" + version + ".zip");
    UpdateBundle.build(jar, in.resolve("lib"), version, "", CREATED, bundle);
    return bundle;
  }

  public static Path signed(Path dir, String version, PrivateKey key)
      throws IOException, GeneralSecurityException, BundleException {
    Path bundle = unsigned(dir, version);
    UpdateBundle.sign(bundle, key);
    return bundle;
  }

  /** The same bundle with one entry's bytes changed by {@code change}. */
  static void change(Path bundle, String entryName, UnaryOperator<byte[]> change)
      throws IOException {
    Path temp = bundle.resolveSibling(bundle.getFileName() + ".changed");
    boolean found = false;
    try (ZipFile zip = new ZipFile(bundle.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(temp))) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
          bytes = in.readAllBytes();
        }
        if (entry.getName().equals(entryName)) {
          bytes = change.apply(bytes);
          found = true;
        }
        out.putNextEntry(new ZipEntry(entry.getName()));
        out.write(bytes);
        out.closeEntry();
      }
    }
    if (!found) {
      throw new IllegalArgumentException(entryName + " not in " + bundle);
    }
    Files.move(temp, bundle, StandardCopyOption.REPLACE_EXISTING);
  }

  /** One byte flipped in the middle. */
  static byte[] flipOneByte(byte[] bytes) {
    byte[] copy = bytes.clone();
    copy[copy.length / 2] ^= 0x01;
    return copy;
  }
}
