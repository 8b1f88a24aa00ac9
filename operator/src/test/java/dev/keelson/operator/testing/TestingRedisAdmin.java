package dev.keelson.operator.testing;

import dev.keelson.operator.pki.ClientTls;
import dev.keelson.operator.redis.RedisAdmin;
import dev.keelson.operator.redis.RedisUnavailableException;
import dev.keelson.operator.redis.RedisUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Redis instances in memory behind {@link RedisAdmin}, for the unit tests of the ACL user sync: each
 * instance (by address) has its ACL users and the users its ACL file holds since the last ACL SAVE.
 * Failures the test injects: an instance that does not answer, one whose administrator password
 * differs. Every command is recorded as {@code <node> <command>}, so that a test can say what was
 * asked of which instance. It keeps to {@code RedisAdmin}'s contract, nothing more.
 */
public final class TestingRedisAdmin implements RedisAdmin {
  /** The ACL users of each instance, by name, with the rules last set. */
  public final Map<RedisNode, Map<String, List<String>>> users = new HashMap<>();
  /** What each instance's ACL file holds: the users as of its last ACL SAVE. */
  public final Map<RedisNode, Map<String, List<String>>> saved = new HashMap<>();
  /** The commands, in order: "connect", "users", "setUser", "deleteUsers", "saveAcl", each after its node. */
  public final List<String> calls = new ArrayList<>();

  private final Set<RedisNode> down = new HashSet<>();
  private final Map<RedisNode, String> passwords = new HashMap<>();

  /** An instance that is up, with only the default user, accepting that administrator password. */
  public TestingRedisAdmin instance(RedisNode node, String adminPassword) {
    users.put(node, new TreeMap<>(Map.of("default", List.of("on", ">" + adminPassword, "~*", "+@all"))));
    saved.put(node, new TreeMap<>(users.get(node)));
    passwords.put(node, adminPassword);
    return this;
  }

  /** A user someone else made on that instance (Keelson must leave it alone). */
  public TestingRedisAdmin existingUser(RedisNode node, String name) {
    users.get(node).put(name, List.of("on", "~*", "+@read"));
    return this;
  }

  /** The instance stops answering. */
  public TestingRedisAdmin down(RedisNode node) {
    down.add(node);
    return this;
  }

  /** The instance answers again, with the users it had. */
  public TestingRedisAdmin up(RedisNode node) {
    down.remove(node);
    return this;
  }

  /** The instance restarts: it comes back with what its ACL file holds. */
  public TestingRedisAdmin restart(RedisNode node) {
    users.put(node, new TreeMap<>(saved.get(node)));
    return this;
  }

  @Override
  public Session connect(RedisNode node, String adminPassword, ClientTls tls) {
    calls.add(node + " connect");
    if (down.contains(node) || !users.containsKey(node)) {
      throw new RedisUnavailableException("Redis at " + node + ": Connection refused", null);
    }
    if (!passwords.get(node).equals(adminPassword)) {
      throw new RedisUnavailableException("Redis at " + node + ": WRONGPASS invalid username-password pair or user is disabled.", null);
    }
    return new Session() {
      @Override
      public Set<String> users() {
        calls.add(node + " users");
        return Set.copyOf(instance().keySet());
      }

      @Override
      public void setUser(RedisUser user) {
        calls.add(node + " setUser " + user.name());
        instance().put(user.name(), user.rules());
      }

      @Override
      public void deleteUsers(List<String> names) {
        calls.add(node + " deleteUsers " + String.join(",", names));
        names.forEach(instance()::remove);
      }

      @Override
      public void saveAcl() {
        calls.add(node + " saveAcl");
        saved.put(node, new TreeMap<>(instance()));
      }

      @Override
      public void close() {}

      private Map<String, List<String>> instance() {
        if (down.contains(node)) throw new RedisUnavailableException("Redis at " + node + ": Connection reset", null);
        return users.get(node);
      }
    };
  }
}
