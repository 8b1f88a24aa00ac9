package dev.keelson.operator.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * A workload's Redis ACL user: its keys and Pub/Sub channels limited to {@code <keyPrefix>:*},
 * every command but the administrative and dangerous ones, and one or two passwords (two while a
 * rotation rolls the workload's pods).
 */
public record RedisUser(String name, String keyPrefix, List<String> passwords) {
  public RedisUser {
    passwords = List.copyOf(passwords);
  }

  /** The ACL SETUSER rules, starting from reset so that nothing of an earlier definition survives. */
  public List<String> rules() {
    var rules = new ArrayList<String>();
    rules.add("reset");
    rules.add("on");
    passwords.forEach(p -> rules.add(">" + p));
    rules.add("~" + keyPrefix + ":*");
    rules.add("&" + keyPrefix + ":*");
    rules.add("+@all");
    rules.add("-@admin");
    rules.add("-@dangerous");
    return rules;
  }

  /** The user's name for a workload: {@code service.orders}, {@code workerpool.notifications}. */
  public static String nameFor(String kind, String workload) {
    return kind.toLowerCase(java.util.Locale.ROOT) + "." + workload;
  }

  /** Whether Keelson manages a user of that name (and may delete it once no workload declares it). */
  public static boolean managed(String name) {
    return name.startsWith("service.") || name.startsWith("workerpool.");
  }

  @Override
  public String toString() {
    return "RedisUser[" + name + ", ~" + keyPrefix + ":*, " + passwords.size() + " password(s)]";
  }
}
