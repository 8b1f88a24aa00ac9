package dev.keelson.shop.user;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who administers the shop: the accounts of {@code keelson.admins} (KEELSON_ADMINS, from a
 * Secret), comma-separated {@code address=bcrypt hash} entries, and nobody else. Such an address
 * cannot be registered, signs in only with the configured password, and is the only one whose
 * token carries the admin role: a stored role grants nothing, so whoever registered an address
 * before it was configured gains nothing by it.
 */
@ApplicationScoped
public class Administrators {
  static final String ADMIN = "admin";
  static final String USER = "user";
  private static final Pattern BCRYPT = Pattern.compile("\\$2[ay]\\$\\d{2}\\$[./A-Za-z0-9]{53}");
  private final Map<String, String> hashes;

  public Administrators(@ConfigProperty(name = "keelson.admins", defaultValue = " ") List<String> entries) {
    this.hashes = parse(entries);
  }

  /** The configured entries by address; a malformed entry stops the service with its reason. */
  static Map<String, String> parse(List<String> entries) {
    var problems = new ArrayList<String>();
    var hashes = new HashMap<String, String>();
    for (String entry : entries.stream().map(String::trim).filter(e -> !e.isEmpty()).toList()) {
      int split = entry.indexOf('=');
      String address = split < 0 ? entry : entry.substring(0, split).trim();
      String hash = split < 0 ? "" : entry.substring(split + 1).trim();
      if (split <= 0 || !address.contains("@")) {
        problems.add("'" + address + "' is not an address=bcrypt-hash entry");
      } else if (!BCRYPT.matcher(hash).matches()) {
        problems.add("the password of " + address + " is not a bcrypt hash ($2a$ or $2y$)");
      } else if (hashes.putIfAbsent(address.toLowerCase(Locale.ROOT), hash) != null) {
        problems.add("an address is configured twice");
      }
    }
    if (!problems.isEmpty()) throw new IllegalArgumentException("keelson.admins: " + String.join("; ", problems));
    return Map.copyOf(hashes);
  }

  /** The configured password hash of an administrator's (normalized) address. */
  public Optional<String> passwordHash(String email) {
    return Optional.ofNullable(hashes.get(email));
  }

  public boolean isAdministrator(String email) {
    return hashes.containsKey(email);
  }

  /** The roles a user has now: from the configuration, whatever was stored. */
  public List<String> rolesOf(User user) {
    return isAdministrator(user.email()) ? List.of(USER, ADMIN) : List.of(USER);
  }
}
