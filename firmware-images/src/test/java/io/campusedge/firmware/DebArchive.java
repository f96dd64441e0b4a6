package io.campusedge.firmware;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads a .deb without external tools: an ar archive (debian-binary, control.tar.gz, data.tar.gz)
 * whose members are gzip'd ustar archives. Only what the packaging tests need.
 */
record DebArchive(Map<String, byte[]> arMembers) {

  /** One file or directory of a tar member; {@code path} without the leading "./". */
  record Entry(String path, int mode, boolean directory, byte[] content) {
    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  static DebArchive read(Path deb) throws IOException {
    byte[] bytes = Files.readAllBytes(deb);
    String magic = ascii(bytes, 0, 8);
    if (!magic.equals("!<arch>\n")) {
      throw new IOException(deb + " is not an ar archive");
    }
    Map<String, byte[]> members = new LinkedHashMap<>();
    int offset = 8;
    // ar header: name 16, mtime 12, uid 6, gid 6, mode 8, size 10, magic 2; data padded to even.
    while (offset + 60 <= bytes.length) {
      String name = ascii(bytes, offset, 16).trim();
      int size = Integer.parseInt(ascii(bytes, offset + 48, 10).trim());
      int start = offset + 60;
      members.put(
          name.endsWith("/") ? name.substring(0, name.length() - 1) : name,
          Arrays.copyOfRange(bytes, start, start + size));
      offset = start + size + (size % 2);
    }
    return new DebArchive(members);
  }

  byte[] member(String name) {
    byte[] content = arMembers.get(name);
    if (content == null) {
      throw new IllegalArgumentException("no ar member " + name + " in " + arMembers.keySet());
    }
    return content;
  }

  Map<String, Entry> control() throws IOException {
    return untar(gunzip(member("control.tar.gz")));
  }

  Map<String, Entry> data() throws IOException {
    return untar(gunzip(member("data.tar.gz")));
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  /** ustar with GNU long names ('L'), the formats jdeb writes. */
  static Map<String, Entry> untar(byte[] tar) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    int offset = 0;
    String longName = null;
    while (offset + 512 <= tar.length && tar[offset] != 0) {
      String name = cString(tar, offset, 100);
      int mode = (int) octal(tar, offset + 100, 8);
      int size = (int) octal(tar, offset + 124, 12);
      char type = (char) tar[offset + 156];
      String prefix = cString(tar, offset + 345, 155);
      byte[] content = Arrays.copyOfRange(tar, offset + 512, offset + 512 + size);
      offset += 512 + ((size + 511) / 512) * 512;
      if (type == 'L') {
        longName = cString(content, 0, content.length);
        continue;
      }
      String path = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
      longName = null;
      path = path.startsWith("./") ? path.substring(2) : path;
      boolean directory = type == '5';
      if (directory && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      entries.put(path, new Entry(path, mode & 07777, directory, content));
    }
    return entries;
  }

  private static String ascii(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.US_ASCII);
  }

  private static String cString(byte[] bytes, int offset, int length) {
    int end = offset;
    while (end < offset + length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] bytes, int offset, int length) {
    String digits = cString(bytes, offset, length).trim();
    return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
  }
}
