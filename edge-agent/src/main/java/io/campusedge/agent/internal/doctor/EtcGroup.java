package io.campusedge.agent.internal.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A user's groups from {@code /etc/passwd} (primary) and {@code /etc/group} (members). */
final class EtcGroup {
  private EtcGroup() {}

  static Set<String> groupsOf(Path groupFile, Path passwdFile, String user) {
    Set<String> groups = new LinkedHashSet<>();
    String primaryGid = "";
    try {
      for (String line : lines(passwdFile)) {
        String[] f = line.split(":", -1);
        if (f.length > 3 && f[0].equals(user)) {
          primaryGid = f[3];
        }
      }
      for (String line : lines(groupFile)) {
        String[] f = line.split(":", -1);
        if (f.length < 4) {
          continue;
        }
        if (f[2].equals(primaryGid) || List.of(f[3].split(",")).contains(user)) {
          groups.add(f[0]);
        }
      }
    } catch (IOException e) {
      return Set.of();
    }
    return groups;
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
