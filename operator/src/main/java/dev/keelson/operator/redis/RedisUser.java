package dev.keelson.operator.redis;

import dev.keelson.operator.dataservice.DataConsumer;
import java.util.ArrayList;
import java.util.List;

/**
 * A workload's Redis ACL user: its keys and Pub/Sub channels limited to {@code <keyPrefix>:*},
 * every command but the administrative and dangerous ones and those that reach past the prefix, and one or two passwords (two while a
 * rotation rolls the workload's pods).
 */
public record RedisUser(String name, String keyPrefix, List<String> passwords) {
  /**
   * Commands that are neither admin nor dangerous yet reach past the key pattern: Redis checks
   * {@code ~prefix:*} against a command's key arguments, but SCAN, RANDOMKEY and DBSIZE walk the
   * whole keyspace, PUBSUB lists every channel, FUNCTION loads or lists code every user runs,
   * SCRIPT FLUSH drops every user's scripts, MEMORY STATS describes the whole instance, and CLIENT
   * TRACKING (in BCAST mode with no prefix, or redirected) sends invalidations naming any key.
   */
  static final List<String> BEYOND_THE_PREFIX = List.of("-scan", "-randomkey", "-dbsize", "-pubsub", "-function", "-script|flush",
      "-memory|stats", "-memory|doctor", "-memory|malloc-stats", "-client|tracking", "-client|trackinginfo", "-client|getredir",
      "-client|caching");

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
    rules.addAll(BEYOND_THE_PREFIX);
    return rules;
  }

  /**
   * The ACL users of the workloads that declare uses.redis, with the passwords of their
   * credentials Secrets; a workload whose Secret does not exist yet has none.
   */
  public static List<RedisUser> of(List<DataConsumer> consumers) {
    return consumers.stream()
        .filter(c -> c.uses().redis() != null && c.passwords() != null && !c.passwords().redis().isEmpty())
        .map(c -> new RedisUser(nameFor(c.kind(), c.name()), c.uses().redis().keyPrefix(), c.passwords().redis()))
        .toList();
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
