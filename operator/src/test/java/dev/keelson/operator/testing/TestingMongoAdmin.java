package dev.keelson.operator.testing;

import dev.keelson.operator.mongodb.MongoAdmin;
import dev.keelson.operator.mongodb.MongoUnavailableException;
import dev.keelson.operator.pki.ClientTls;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A MongoDB replica set in memory behind {@link MongoAdmin}, for the unit tests of the replica set
 * sync: its configuration (name, version, members), which member is primary, which members are
 * down, and the users with their passwords. It answers as mongod does where Keelson relies on it:
 * replSetGetStatus before initiation says not initialized, a reconfiguration must be sent to the
 * primary with the next version, the primary steps down to a healthy secondary, createUser of an
 * existing user and updateUser of a missing one fail. Every command is recorded as
 * {@code <host> <command>}.
 */
public final class TestingMongoAdmin implements MongoAdmin {
  /** The users, by database and name, with their passwords. */
  public final Map<String, MongoUser> users = new LinkedHashMap<>();
  /** The commands, in order, each after the member it was sent to. */
  public final List<String> calls = new ArrayList<>();

  private ReplicaSetConfig config;
  private String primary;
  private final Set<String> down = new HashSet<>();

  public ReplicaSetConfig config() {
    return config;
  }

  public String primary() {
    return primary;
  }

  /** The member stops answering (and is unhealthy to the others); a primary that goes down hands over. */
  public TestingMongoAdmin down(String host) {
    down.add(host);
    if (host.equals(primary)) primary = config.hosts().stream().filter(h -> !down.contains(h)).findFirst().orElse(null);
    return this;
  }

  public TestingMongoAdmin up(String host) {
    down.remove(host);
    if (primary == null && config != null && config.hosts().contains(host)) primary = host;
    return this;
  }

  /** That member becomes the primary, as after an election. */
  public TestingMongoAdmin elect(String host) {
    primary = host;
    return this;
  }

  /** A user someone else made (Keelson must leave it alone). */
  public TestingMongoAdmin existingUser(String database, String name) {
    users.put(database + "." + name, new MongoUser(database, name, "theirs"));
    return this;
  }

  @Override
  public Session connect(String host, String adminPassword, ClientTls tls) {
    calls.add(host + " connect");
    if (down.contains(host)) throw new MongoUnavailableException("MongoDB member " + host + ": Timed out connecting", null);
    return new Session() {
      @Override
      public ReplicaSetStatus status() {
        answer("replSetGetStatus");
        if (config == null) return ReplicaSetStatus.NOT_INITIALIZED;
        return new ReplicaSetStatus(true, config.members().stream()
            .map(m -> new MemberStatus(m.id(), m.host(), !down.contains(m.host()), m.host().equals(primary) ? "PRIMARY" : "SECONDARY"))
            .toList());
      }

      @Override
      public ReplicaSetConfig config() {
        answer("replSetGetConfig");
        return config;
      }

      @Override
      public void initiate(ReplicaSetConfig initial) {
        answer("replSetInitiate");
        if (config != null) refuse("replSetInitiate", "already initialized");
        if (!initial.hosts().contains(host)) refuse("replSetInitiate", "this member is not in the configuration");
        config = initial;
        primary = host;
      }

      @Override
      public void reconfigure(ReplicaSetConfig next) {
        answer("replSetReconfig " + next.hosts().size());
        if (!host.equals(primary)) refuse("replSetReconfig", "NotWritablePrimary");
        if (next.version() != config.version() + 1) refuse("replSetReconfig", "version " + next.version() + " is not " + (config.version() + 1));
        config = next;
      }

      @Override
      public void stepDown() {
        answer("replSetStepDown");
        if (!host.equals(primary)) refuse("replSetStepDown", "NotWritablePrimary");
        primary = config.hosts().stream().filter(h -> !h.equals(host) && !down.contains(h)).findFirst()
            .orElseThrow(() -> new MongoUnavailableException("MongoDB member " + host + ": replSetStepDown: no electable secondary", null));
      }

      @Override
      public List<MongoUser> users() {
        answer("usersInfo");
        return users.values().stream().map(MongoUser::withoutPassword).toList();
      }

      @Override
      public void putUser(MongoUser user, boolean exists) {
        answer((exists ? "updateUser " : "createUser ") + user.name());
        String key = user.database() + "." + user.name();
        if (exists != users.containsKey(key)) refuse(exists ? "updateUser" : "createUser", exists ? "UserNotFound" : "user already exists");
        users.put(key, user);
      }

      @Override
      public void dropUser(MongoUser user) {
        answer("dropUser " + user.name());
        users.remove(user.database() + "." + user.name());
      }

      @Override
      public void close() {}

      private void answer(String command) {
        calls.add(host + " " + command);
        if (down.contains(host)) throw new MongoUnavailableException("MongoDB member " + host + ": connection reset", null);
      }

      private void refuse(String command, String why) {
        throw new MongoUnavailableException("MongoDB member " + host + ": " + command + ": " + why, null);
      }
    };
  }
}
