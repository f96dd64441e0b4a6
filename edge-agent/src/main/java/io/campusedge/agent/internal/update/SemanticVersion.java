package io.campusedge.agent.internal.update;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code MAJOR.MINOR.PATCH[-PRERELEASE]} as in Semantic Versioning 2.0 section 11: a pre-release
 * (such as Maven's {@code -SNAPSHOT}) sorts before its release. Build metadata is not accepted.
 */
public record SemanticVersion(int major, int minor, int patch, String preRelease)
    implements Comparable<SemanticVersion> {
  private static final Pattern FORMAT =
      Pattern.compile(
          "(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(?:-([0-9A-Za-z.-]+))?");

  public static Optional<SemanticVersion> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new SemanticVersion(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            m.group(4) == null ? "" : m.group(4)));
  }

  @Override
  public int compareTo(SemanticVersion other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) {
      c = Integer.compare(minor, other.minor);
    }
    if (c == 0) {
      c = Integer.compare(patch, other.patch);
    }
    if (c != 0) {
      return c;
    }
    if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
      return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
    }
    return comparePreRelease(preRelease, other.preRelease);
  }

  private static int comparePreRelease(String a, String b) {
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    for (int i = 0; i < Math.min(left.length, right.length); i++) {
      boolean leftNumeric = left[i].matches("\\d+");
      boolean rightNumeric = right[i].matches("\\d+");
      int c;
      if (leftNumeric && rightNumeric) {
        c = Long.compare(Long.parseLong(left[i]), Long.parseLong(right[i]));
      } else if (leftNumeric != rightNumeric) {
        c = leftNumeric ? -1 : 1;
      } else {
        c = left[i].compareTo(right[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(left.length, right.length);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
  }
}
