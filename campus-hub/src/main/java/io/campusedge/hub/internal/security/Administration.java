package io.campusedge.hub.internal.security;

import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.SecurityConfig;
import io.campusedge.hub.internal.history.InvalidQueryException;
import io.campusedge.hub.internal.store.PasswordHasher;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Users and API tokens, as admins manage them: a sector admin anything, a school admin only
 * accounts wholly inside its schools and never a sector admin. Every change is audited.
 */
@Singleton
public class Administration {
  static final int MIN_PASSWORD_LENGTH = 10;
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private final UserStore users;
  private final ApiTokenStore tokens;
  private final AuditLog audit;
  private final PasswordHasher hasher;

  public Administration(
      UserStore users, ApiTokenStore tokens, AuditLog audit, SecurityConfig security) {
    this.users = users;
    this.tokens = tokens;
    this.audit = audit;
    this.hasher = new PasswordHasher(security.passwordHashIterations());
  }

  /** A new user's or token's settings, checked; sites empty for a sector admin. */
  public record Grant(Role role, Set<String> sites) {}

  public UserAccount createUser(
      Caller admin, String username, String password, String role, List<String> sites) {
    String name = username(username);
    Grant grant = grant(admin, role, sites);
    checkPassword(password);
    if (!users.create(name, grant.role(), grant.sites(), hasher.hash(password))) {
      throw new HttpStatusException(HttpStatus.CONFLICT, "user '" + name + "' already exists");
    }
    audit.record(
        admin.auditName(),
        "user.create",
        "user:" + name,
        grant.sites(),
        Map.of("role", grant.role().name(), "sites", List.copyOf(grant.sites())));
    return users.find(name).orElseThrow();
  }

  public List<UserAccount> listUsers(Caller admin) {
    return users.list().stream().filter(user -> canView(admin, user.role(), user.sites())).toList();
  }

  public UserAccount user(Caller admin, String username) {
    return users
        .find(username)
        .filter(user -> canView(admin, user.role(), user.sites()))
        .orElseThrow(() -> notFound("user", username));
  }

  /** Changes what is given (null: unchanged); a new password also clears a lock-out. */
  public UserAccount updateUser(
      Caller admin, String username, String role, List<String> sites, String password) {
    UserAccount current = manageable(admin, username);
    Grant grant =
        grant(
            admin,
            role == null ? current.role().name() : role,
            sites == null ? List.copyOf(current.sites()) : sites);
    if (admin.kind() == Caller.Kind.USER
        && admin.name().equals(username)
        && grant.role() != current.role()) {
      throw new ForbiddenException("you may not change your own role");
    }
    if (password != null) {
      checkPassword(password);
    }
    UserAccount updated =
        users
            .update(
                username,
                grant.role(),
                grant.sites(),
                Optional.ofNullable(password).map(hasher::hash))
            .orElseThrow(() -> notFound("user", username));
    Map<String, Object> details = new LinkedHashMap<>();
    if (grant.role() != current.role()) {
      details.put("role", current.role() + " -> " + grant.role());
    }
    if (!grant.sites().equals(current.sites())) {
      details.put("sites", List.copyOf(current.sites()) + " -> " + List.copyOf(grant.sites()));
    }
    details.put("passwordChanged", password != null);
    audit.record(
        admin.auditName(),
        "user.update",
        "user:" + username,
        union(current.sites(), grant.sites()),
        details);
    return updated;
  }

  public void deleteUser(Caller admin, String username) {
    UserAccount current = manageable(admin, username);
    if (admin.kind() == Caller.Kind.USER && admin.name().equals(username)) {
      throw new ForbiddenException("you may not delete your own account");
    }
    if (!users.delete(username)) {
      throw notFound("user", username);
    }
    audit.record(
        admin.auditName(),
        "user.delete",
        "user:" + username,
        current.sites(),
        Map.of("role", current.role().name()));
  }

  /** A new token and its bearer text, which is shown this once and never stored. */
  public record IssuedToken(ApiToken token, String bearer) {}

  public IssuedToken createToken(Caller admin, String name, String role, List<String> sites) {
    if (name == null || name.isBlank() || name.length() > 128) {
      throw new InvalidQueryException("name", name, "name must be 1 to 128 characters");
    }
    Grant grant = grant(admin, role, sites);
    ApiTokenSecret secret = ApiTokenSecret.generate();
    ApiToken token =
        tokens.create(secret, name.strip(), grant.role(), grant.sites(), admin.auditName());
    audit.record(
        admin.auditName(),
        "token.create",
        "token:" + token.id(),
        grant.sites(),
        Map.of(
            "name",
            token.name(),
            "role",
            grant.role().name(),
            "sites",
            List.copyOf(grant.sites())));
    return new IssuedToken(token, secret.bearer());
  }

  public List<ApiToken> listTokens(Caller admin) {
    return tokens.list().stream()
        .filter(token -> canView(admin, token.role(), token.sites()))
        .toList();
  }

  public void revokeToken(Caller admin, String id) {
    ApiToken token =
        tokens
            .find(id)
            .filter(t -> canView(admin, t.role(), t.sites()))
            .orElseThrow(() -> notFound("token", id));
    if (!canManage(admin, token.role(), token.sites())) {
      throw new ForbiddenException("token " + id + " reaches beyond your schools");
    }
    if (!tokens.revoke(id)) {
      throw new HttpStatusException(HttpStatus.CONFLICT, "token " + id + " is already revoked");
    }
    audit.record(
        admin.auditName(),
        "token.revoke",
        "token:" + id,
        token.sites(),
        Map.of("name", token.name(), "role", token.role().name()));
  }

  private UserAccount manageable(Caller admin, String username) {
    UserAccount user = user(admin, username);
    if (!canManage(admin, user.role(), user.sites())) {
      throw new ForbiddenException(
          "user '"
              + username
              + "' is a "
              + user.role()
              + " of "
              + user.sites()
              + ", beyond your schools");
    }
    return user;
  }

  private Grant grant(Caller admin, String roleName, List<String> siteCodes) {
    Role role =
        Role.parse(roleName)
            .orElseThrow(
                () ->
                    new InvalidQueryException(
                        "role", roleName, "role must be one of " + Role.choices()));
    Set<String> sites;
    try {
      sites = SiteCodes.validated(siteCodes == null ? List.of() : siteCodes);
    } catch (IllegalArgumentException e) {
      throw new InvalidQueryException("sites", String.valueOf(siteCodes), e.getMessage());
    }
    if (role == Role.SECTOR_ADMIN) {
      if (!admin.allSites()) {
        throw new ForbiddenException("only a sector admin may grant the role SECTOR_ADMIN");
      }
      return new Grant(role, Set.of()); // all schools
    }
    if (sites.isEmpty()) {
      throw new InvalidQueryException(
          "sites", "[]", "a " + role + " needs at least one school code in sites");
    }
    admin.requireSites(sites);
    return new Grant(role, sites);
  }

  private static boolean canView(Caller admin, Role role, Set<String> sites) {
    if (admin.allSites()) {
      return true;
    }
    return role != Role.SECTOR_ADMIN && sites.stream().anyMatch(admin::canSee);
  }

  private static boolean canManage(Caller admin, Role role, Set<String> sites) {
    if (admin.allSites()) {
      return true;
    }
    return role != Role.SECTOR_ADMIN && !sites.isEmpty() && sites.stream().allMatch(admin::canSee);
  }

  private static String username(String username) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new InvalidQueryException(
          "username", username, "username must be 1 to 64 letters, digits, '.', '_', '@' or '-'");
    }
    return username;
  }

  private static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.isBlank()) {
      // The value is never echoed back.
      throw new InvalidQueryException(
          "password", null, "password must have at least " + MIN_PASSWORD_LENGTH + " characters");
    }
  }

  private static Set<String> union(Collection<String> a, Collection<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  private static HttpStatusException notFound(String what, String id) {
    return new HttpStatusException(
        HttpStatus.NOT_FOUND, "no " + what + " '" + id + "' in your schools");
  }
}
