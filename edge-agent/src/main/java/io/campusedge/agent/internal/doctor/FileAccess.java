package io.campusedge.agent.internal.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Whether a user could read and write a file, from its owner, group and mode, for a user that need
 * not be the one running the doctor (a technician runs it with sudo for the service user).
 */
final class FileAccess {
  private FileAccess() {}

  /** Empty when {@code user} can read and write {@code file}; else what stands in the way. */
  static java.util.Optional<String> readWriteProblem(Path file, String user, Set<String> groups)
      throws IOException {
    if (user.equals("root")) {
      return java.util.Optional.empty();
    }
    PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class);
    Set<PosixFilePermission> mode = a.permissions();
    boolean read;
    boolean write;
    if (a.owner().getName().equals(user)) {
      read = mode.contains(PosixFilePermission.OWNER_READ);
      write = mode.contains(PosixFilePermission.OWNER_WRITE);
    } else if (groups.contains(a.group().getName())) {
      read = mode.contains(PosixFilePermission.GROUP_READ);
      write = mode.contains(PosixFilePermission.GROUP_WRITE);
    } else {
      read = mode.contains(PosixFilePermission.OTHERS_READ);
      write = mode.contains(PosixFilePermission.OTHERS_WRITE);
    }
    if (read && write) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        "permission denied for user "
            + user
            + " (owner "
            + a.owner().getName()
            + ", group "
            + a.group().getName()
            + ", mode "
            + java.nio.file.attribute.PosixFilePermissions.toString(mode)
            + ")");
  }
}
