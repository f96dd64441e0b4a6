package io.campusedge.hub.internal.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** School (site) codes as stored: validated, comma-separated in one column. */
public final class SiteCodes {
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private SiteCodes() {}

  /** Throws {@link IllegalArgumentException} naming the first code that is not valid. */
  public static Set<String> validated(Collection<String> codes) {
    Set<String> sites = new TreeSet<>();
    for (String code : codes) {
      if (code == null || !CODE.matcher(code).matches()) {
        throw new IllegalArgumentException(
            "site code '"
                + code
                + "' is not valid: 1 to 64 letters, digits, '.', '_' or '-' (e.g. THPT-DEMO)");
      }
      sites.add(code);
    }
    return sites;
  }

  public static String join(Collection<String> sites) {
    return String.join(",", new TreeSet<>(sites));
  }

  public static Set<String> split(String column) {
    if (column == null || column.isEmpty()) {
      return Set.of();
    }
    return Arrays.stream(column.split(",")).collect(Collectors.toCollection(TreeSet::new));
  }
}
