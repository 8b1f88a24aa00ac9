package dev.keelson.operator.mongodb;

import dev.keelson.operator.api.v1alpha1.MongoDbStatus;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.pki.ClientTls;
import dev.keelson.operator.mongodb.MongoAdmin.MongoUser;
import dev.keelson.operator.status.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Brings a Platform's replica set to its wanted members one step per reconcile
 * ({@link MemberChange}) and, once it is there, keeps exactly the workloads' users on it. MongoDB
 * is asked only when something changed, while a change is under way, after a failure, or once
 * per {@link #RESYNC}.
 */
@ApplicationScoped
public class MongoReplicaSet {
  static final Duration RESYNC = Duration.ofMinutes(10);

  private final MongoConnections connections;
  private final Map<String, LastSync> lastSyncs = new ConcurrentHashMap<>();
  /** Per replica set: the users last put, with their passwords. */
  private final Map<String, Set<MongoUser>> sent = new ConcurrentHashMap<>();

  private record LastSync(Object fingerprint, Instant at, Outcome outcome) {}

  /** The result of one sync: the status, and whether to come back soon (a change under way, a failure). */
  public record Outcome(MongoDbStatus status, boolean retry) {}

  public MongoReplicaSet(MongoConnections connections) {
    this.connections = connections;
  }

  /**
   * @param key the Platform and cluster, for what this remembers between syncs
   * @param cluster where the members run
   * @param tls how to reach the members over TLS, or null when they serve plaintext
   */
  public Outcome sync(String key, TargetCluster cluster, MongoModel model, String adminPassword, ClientTls tls, Collection<MongoUser> users, int readyPods,
      MongoDbStatus previous, Instant now) {
    var wanted = Set.copyOf(users);
    var fingerprint = List.of(model.memberHosts(), wanted, adminPassword.hashCode(), readyPods,
        String.valueOf(tls == null ? null : tls.bundle()));
    var last = lastSyncs.get(key);
    if (last != null && last.fingerprint().equals(fingerprint) && !last.outcome().retry() && now.isBefore(last.at().plus(RESYNC))) {
      return last.outcome();
    }
    Outcome outcome;
    if (readyPods < 1) {
      // No member is up to answer; the StatefulSet's next status wakes the Platform again.
      String message = "waiting for member " + model.memberHost(0) + " to start";
      outcome = new Outcome(status(false, Reason.MEMBERS_CHANGING, message, previous == null ? null : previous.members(), null, wanted.size(), previous, now), false);
      lastSyncs.put(key, new LastSync(fingerprint, now, outcome));
      return outcome;
    }
    try {
      outcome = syncNow(key, cluster, model, adminPassword, tls, wanted, readyPods, previous, now);
    } catch (MongoUnavailableException e) {
      sent.remove(key);
      outcome = new Outcome(status(false, Reason.MONGO_DB_UNAVAILABLE, e.getMessage(), previous == null ? null : previous.members(),
          previous == null ? null : previous.primary(), wanted.size(), previous, now), true);
    }
    lastSyncs.put(key, new LastSync(fingerprint, now, outcome));
    return outcome;
  }

  private Outcome syncNow(String key, TargetCluster cluster, MongoModel model, String adminPassword, ClientTls tls, Set<MongoUser> wanted, int readyPods,
      MongoDbStatus previous, Instant now) {
    MongoAdmin.ReplicaSetStatus status;
    MongoAdmin.ReplicaSetConfig config = null;
    try (var first = connections.connect(cluster, model.memberHost(0), adminPassword, tls)) {
      status = first.status();
      if (status.initialized()) config = first.config();
      var change = MemberChange.next(status, config, model, readyPods);
      int members = config == null ? 0 : config.members().size();
      String primary = status.primary().map(MongoAdmin.MemberStatus::host).orElse(null);
      switch (change.kind()) {
        case INITIATE -> first.initiate(change.config());
        case RECONFIGURE -> {
          try (var onPrimary = connections.connect(cluster, primary, adminPassword, tls)) {
            onPrimary.reconfigure(change.config());
          }
        }
        case STEP_DOWN -> {
          try (var onPrimary = connections.connect(cluster, primary, adminPassword, tls)) {
            onPrimary.stepDown();
          }
        }
        case REFUSED -> {
          return new Outcome(status(false, Reason.MEMBER_CHANGE_REFUSED, change.message(), members, primary, wanted.size(), previous, now), true);
        }
        case WAIT -> {
          return new Outcome(status(false, Reason.MEMBERS_CHANGING, change.message(), members, primary, wanted.size(), previous, now), true);
        }
        case NONE -> {
          try (var onPrimary = connections.connect(cluster, primary, adminPassword, tls)) {
            syncUsers(key, onPrimary, wanted);
          }
          String message = change.message() + "; " + wanted.size() + " workload user(s)";
          return new Outcome(status(true, Reason.REPLICA_SET_READY, message, members, primary, wanted.size(), previous, now), false);
        }
        default -> throw new IllegalStateException("unknown change " + change.kind());
      }
      int after = change.config() == null ? members : change.config().members().size();
      return new Outcome(status(false, Reason.MEMBERS_CHANGING, change.message(), after, primary, wanted.size(), previous, now), true);
    }
  }

  /** Puts every wanted user that is new or changed, and drops the workloads' users nobody wants any more. */
  private void syncUsers(String key, MongoAdmin.Session primary, Set<MongoUser> wanted) {
    var before = sent.getOrDefault(key, Set.of());
    var existing = primary.users().stream().collect(Collectors.toSet());
    for (var user : wanted) {
      boolean exists = existing.contains(user.withoutPassword());
      if (exists && before.contains(user)) continue;
      primary.putUser(user, exists);
    }
    var wantedNames = wanted.stream().map(MongoUser::withoutPassword).collect(Collectors.toSet());
    for (var user : existing) {
      if (MongoUsers.managed(user.name()) && !wantedNames.contains(user)) primary.dropUser(user);
    }
    sent.put(key, wanted);
  }

  /** An unchanged state keeps its time, so that a restart over a converged replica set writes no status. */
  private static MongoDbStatus status(boolean ready, Reason reason, String message, Integer members, String primary, int users,
      MongoDbStatus previous, Instant now) {
    var same = new MongoDbStatus(ready, reason.toString(), message, members, primary, users, previous == null ? null : previous.lastSyncTime());
    if (previous != null && same.equals(previous)) return previous;
    return new MongoDbStatus(ready, reason.toString(), message, members, primary, users, now.truncatedTo(ChronoUnit.SECONDS).toString());
  }
}
