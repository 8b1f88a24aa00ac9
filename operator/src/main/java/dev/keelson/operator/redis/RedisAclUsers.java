package dev.keelson.operator.redis;

import dev.keelson.operator.api.v1alpha1.RedisStatus;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.pki.ClientTls;
import dev.keelson.operator.redis.RedisAdmin.RedisNode;
import dev.keelson.operator.status.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps every Redis instance of a Platform holding exactly the ACL users its workloads need.
 * Redis does not replicate ACL users, so each instance gets them, and saves them to its ACL file.
 * An instance is asked only when the users changed, when the last attempt failed, or once per
 * {@link #RESYNC}; a user is sent only when it is new or changed, or missing on that instance.
 */
@ApplicationScoped
public class RedisAclUsers {
  static final Duration RESYNC = Duration.ofMinutes(10);

  private final RedisConnections connections;
  /** Per Platform UID and cluster: what was last in place, and when. */
  private final Map<String, LastSync> lastSyncs = new ConcurrentHashMap<>();
  /** Per cluster and instance (the same names on two clusters are two instances): the users last sent to it. */
  private final Map<String, Map<String, RedisUser>> sent = new ConcurrentHashMap<>();

  private record LastSync(Object fingerprint, Instant at, Outcome outcome) {}

  /** The result of one sync; {@code retry} when it failed. */
  public record Outcome(RedisStatus status, boolean retry) {}

  public RedisAclUsers(RedisConnections connections) {
    this.connections = connections;
  }

  /** @param previous the Redis status the Platform shows, whose time an unchanged state keeps */
  /** @param tls how to reach Redis over TLS, or null when it serves plaintext */
  public Outcome sync(String platformUid, TargetCluster cluster, RedisModel model, String adminPassword, ClientTls tls,
      Collection<RedisUser> users, RedisStatus previous, Instant now) {
    var nodes = connections.nodes(model, cluster);
    var wanted = new TreeMap<String, RedisUser>();
    users.forEach(u -> wanted.put(u.name(), u));
    String key = platformUid + "@" + cluster.name();
    var fingerprint = List.of(nodes, wanted, adminPassword.hashCode(), String.valueOf(tls == null ? null : tls.bundle()));
    var last = lastSyncs.get(key);
    if (last != null && last.fingerprint().equals(fingerprint) && !last.outcome().retry() && now.isBefore(last.at().plus(RESYNC))) {
      return last.outcome();
    }
    var failures = new ArrayList<String>();
    for (var node : nodes) {
      try {
        syncNode(cluster, node, adminPassword, tls, wanted);
      } catch (RedisUnavailableException e) {
        sent.remove(cluster.name() + "/" + node);
        failures.add(e.getMessage());
      }
    }
    Outcome outcome = failures.isEmpty()
        ? new Outcome(status(true, Reason.USERS_READY, wanted.size() + " ACL user(s) on " + nodes.size() + " instance(s)", wanted.size(), previous, now), false)
        : new Outcome(status(false, Reason.REDIS_UNAVAILABLE, String.join("; ", failures), wanted.size(), previous, now), true);
    lastSyncs.put(key, new LastSync(fingerprint, now, outcome));
    return outcome;
  }

  /** The status; an unchanged state keeps its time, so that a restart over converged users writes no status. */
  private static RedisStatus status(boolean ready, Reason reason, String message, int users, RedisStatus previous, Instant now) {
    var same = new RedisStatus(ready, reason.toString(), message, users, previous == null ? null : previous.lastSyncTime());
    if (previous != null && same.equals(previous)) return previous;
    return new RedisStatus(ready, reason.toString(), message, users, now.truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private void syncNode(TargetCluster cluster, RedisNode node, String adminPassword, ClientTls tls, Map<String, RedisUser> wanted) {
    String instance = cluster.name() + "/" + node;
    var before = sent.getOrDefault(instance, Map.of());
    try (var session = connections.connect(cluster, node, adminPassword, tls)) {
      var existing = session.users();
      boolean changed = false;
      for (var user : wanted.values()) {
        if (existing.contains(user.name()) && user.equals(before.get(user.name()))) continue;
        session.setUser(user);
        changed = true;
      }
      var stale = existing.stream().filter(RedisUser::managed).filter(n -> !wanted.containsKey(n)).toList();
      if (!stale.isEmpty()) {
        session.deleteUsers(stale);
        changed = true;
      }
      if (changed) session.saveAcl();
    }
    sent.put(instance, Map.copyOf(wanted));
  }
}
