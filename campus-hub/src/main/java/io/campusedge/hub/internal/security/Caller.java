package io.campusedge.hub.internal.security;

import io.micronaut.security.authentication.Authentication;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling, from the request's {@link Authentication}: a user (JWT from /login) or an API
 * token, with one role and the schools it may see ({@code allSites} for a sector admin).
 */
public record Caller(String name, Kind kind, Role role, Set<String> sites) {
  public static final String ATTR_KIND = "kind";
  public static final String ATTR_SITES = "sites";
  public static final String ATTR_VERSION = "uv";

  /** How the caller authenticated. */
  public enum Kind {
    USER,
    TOKEN
  }

  public Caller {
    sites = Set.copyOf(sites);
  }

  public static Caller of(Authentication authentication) {
    Role role =
        authentication.getRoles().stream()
            .map(Role::parse)
            .flatMap(Optional::stream)
            .findFirst()
            .orElseThrow(() -> new ForbiddenException("your account has no role"));
    Object kind = authentication.getAttributes().get(ATTR_KIND);
    return new Caller(
        authentication.getName(),
        "TOKEN".equals(String.valueOf(kind)) ? Kind.TOKEN : Kind.USER,
        role,
        sites(authentication.getAttributes().get(ATTR_SITES)));
  }

  private static Set<String> sites(Object attribute) {
    Set<String> sites = new TreeSet<>();
    if (attribute instanceof Collection<?> values) {
      values.forEach(value -> sites.add(String.valueOf(value)));
    } else if (attribute instanceof String text) {
      sites.addAll(SiteCodes.split(text));
    }
    return sites;
  }

  public boolean allSites() {
    return role == Role.SECTOR_ADMIN;
  }

  /** The name in the audit log: users by name, tokens as {@code token:<id>}. */
  public String auditName() {
    return kind == Kind.TOKEN ? "token:" + name : name;
  }

  public boolean canSee(String site) {
    return allSites() || sites.contains(site);
  }

  /** Every site of {@code wanted} visible, or 403 naming the first that is not. */
  public void requireSites(Collection<String> wanted) {
    for (String site : wanted) {
      requireSite(site);
    }
  }

  public void requireSite(String site) {
    if (!canSee(site)) {
      throw new ForbiddenException("site '" + site + "' is outside your schools " + sites);
    }
  }

  /** The sites a query must stay within; empty for a sector admin (no limit). */
  public Optional<Set<String>> siteLimit() {
    return allSites() ? Optional.empty() : Optional.of(sites);
  }

  public void require(boolean allowed, String what) {
    if (!allowed) {
      throw new ForbiddenException("role " + role + " may not " + what);
    }
  }
}
