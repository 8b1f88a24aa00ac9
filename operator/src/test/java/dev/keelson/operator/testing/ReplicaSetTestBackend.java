package dev.keelson.operator.testing;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replica-set and user commands mongo-java-server does not have, answered by a simulation of a
 * whole replica set behind one server: replSetInitiate, replSetGetStatus, replSetGetConfig,
 * replSetReconfig (with MongoDB's rules: the version goes up by one, at most one member is added
 * or removed, the primary cannot be removed), replSetStepDown, and createUser, updateUser,
 * dropUser and usersInfo. Members are healthy unless a test says otherwise. Everything else is
 * mongo-java-server's own in-memory backend.
 */
public final class ReplicaSetTestBackend extends MemoryBackend {
  private String name;
  private int version;
  private List<Document> members = List.of();
  private String primary;
  private final Set<String> unhealthy = ConcurrentHashMap.newKeySet();
  /** Member counts of every configuration applied, in order. */
  private final List<Integer> memberCounts = new ArrayList<>();
  /** "db.user" to password. */
  private final Map<String, String> users = new TreeMap<>();

  @Override
  public synchronized Document handleCommand(Channel channel, String database, String command, Document query) {
    switch (command) {
      case "replSetGetStatus":
        requireInitialized();
        return ok().append("set", name).append("members", members.stream().map(this::memberStatus).toList());
      case "replSetGetConfig":
        requireInitialized();
        return ok().append("config", new Document("_id", name).append("version", version).append("members", members));
      case "replSetInitiate":
        if (name != null) throw new MongoServerError(23, "AlreadyInitialized", "already initialized");
        apply((Document) query.get("replSetInitiate"));
        primary = host(members.get(0));
        return ok();
      case "replSetReconfig":
        requireInitialized();
        reconfigure((Document) query.get("replSetReconfig"));
        return ok();
      case "replSetStepDown":
        requireInitialized();
        primary = members.stream().map(ReplicaSetTestBackend::host).filter(h -> !h.equals(primary) && !unhealthy.contains(h))
            .findFirst().orElseThrow(() -> new MongoServerError(262, "ExceededTimeLimit", "no electable secondary"));
        return ok();
      case "usersInfo":
        return ok().append("users", users.keySet().stream().map(key -> {
          int dot = key.indexOf('.');
          return new Document("_id", key).append("db", key.substring(0, dot)).append("user", key.substring(dot + 1));
        }).toList());
      case "createUser":
        if (users.containsKey(database + "." + query.get(command))) throw new MongoServerError(51003, "Location51003", "user exists");
        users.put(database + "." + query.get(command), (String) query.get("pwd"));
        return ok();
      case "updateUser":
        if (!users.containsKey(database + "." + query.get(command))) throw new MongoServerError(11, "UserNotFound", "no such user");
        users.put(database + "." + query.get(command), (String) query.get("pwd"));
        return ok();
      case "dropUser":
        if (users.remove(database + "." + query.get(command)) == null) throw new MongoServerError(11, "UserNotFound", "no such user");
        return ok();
      default:
        return super.handleCommand(channel, database, command, query);
    }
  }

  private void reconfigure(Document config) {
    int next = ((Number) config.get("version")).intValue();
    if (next != version + 1) {
      throw new MongoServerError(103, "NewReplicaSetConfigurationIncompatible", "version must be " + (version + 1) + ", not " + next);
    }
    @SuppressWarnings("unchecked")
    var proposed = ((List<Document>) config.get("members")).stream().map(ReplicaSetTestBackend::host).toList();
    var current = members.stream().map(ReplicaSetTestBackend::host).toList();
    long added = proposed.stream().filter(h -> !current.contains(h)).count();
    long removed = current.stream().filter(h -> !proposed.contains(h)).count();
    if (added + removed > 1) {
      throw new MongoServerError(103, "NewReplicaSetConfigurationIncompatible",
          "only one voting member may be added or removed at a time (" + added + " added, " + removed + " removed)");
    }
    if (!proposed.contains(primary)) throw new MongoServerError(103, "NewReplicaSetConfigurationIncompatible", "the primary cannot be removed");
    apply(config);
  }

  @SuppressWarnings("unchecked")
  private void apply(Document config) {
    name = (String) config.get("_id");
    version = ((Number) config.get("version")).intValue();
    members = List.copyOf((List<Document>) config.get("members"));
    memberCounts.add(members.size());
  }

  private Document memberStatus(Document member) {
    String host = host(member);
    boolean healthy = !unhealthy.contains(host);
    String state = !healthy ? "(not reachable/healthy)" : host.equals(primary) ? "PRIMARY" : "SECONDARY";
    return new Document("_id", member.get("_id")).append("name", host).append("health", healthy ? 1.0 : 0.0).append("stateStr", state);
  }

  private void requireInitialized() {
    if (name == null) throw new MongoServerError(94, "NotYetInitialized", "no replset config has been received");
  }

  private static String host(Document member) {
    return (String) member.get("host");
  }

  private static Document ok() {
    return new Document("ok", 1.0);
  }

  public synchronized void setHealthy(String host, boolean healthy) {
    if (healthy) unhealthy.remove(host);
    else unhealthy.add(host);
  }

  public synchronized List<String> memberHosts() {
    return members.stream().map(ReplicaSetTestBackend::host).toList();
  }

  public synchronized List<Integer> memberCounts() {
    return List.copyOf(memberCounts);
  }

  public synchronized String primary() {
    return primary;
  }

  public synchronized Map<String, String> users() {
    return Map.copyOf(users);
  }
}
