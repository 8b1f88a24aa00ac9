package dev.keelson.operator.mongodb;

import dev.keelson.operator.pki.ClientTls;
import java.util.List;

/**
 * The calls Keelson makes to a MongoDB replica set member: the replica set's state and
 * configuration, and the workloads' users. A session talks to one member directly; every method
 * is one command. Implementations throw {@link MongoUnavailableException} when the member cannot
 * be reached or refuses a command.
 */
public interface MongoAdmin {

  /**
   * @param adminPassword the administrator's password, or null to connect without credentials
   * @param tls how to connect over TLS, or null for plaintext
   */
  Session connect(String hostAndPort, String adminPassword, ClientTls tls);

  /** An open connection to one member. */
  interface Session extends AutoCloseable {
    /** replSetGetStatus; {@link ReplicaSetStatus#NOT_INITIALIZED} before replSetInitiate. */
    ReplicaSetStatus status();

    /** replSetGetConfig. */
    ReplicaSetConfig config();

    void initiate(ReplicaSetConfig config);

    /** replSetReconfig with the given configuration, whose version must be the current one plus one. */
    void reconfigure(ReplicaSetConfig config);

    /** replSetStepDown: the primary hands over to a secondary. */
    void stepDown();

    /** usersInfo over every database. */
    List<MongoUser> users();

    /** createUser, or updateUser when the user exists: readWrite on its own database only. */
    void putUser(MongoUser user, boolean exists);

    void dropUser(MongoUser user);

    @Override
    void close();
  }

  /** A member's state as replSetGetStatus reports it. */
  record MemberStatus(int id, String host, boolean healthy, String state) {
    public boolean primary() {
      return "PRIMARY".equals(state);
    }
  }

  /** The replica set as one member sees it. */
  record ReplicaSetStatus(boolean initialized, List<MemberStatus> members) {
    public static final ReplicaSetStatus NOT_INITIALIZED = new ReplicaSetStatus(false, List.of());

    public ReplicaSetStatus {
      members = List.copyOf(members);
    }

    public java.util.Optional<MemberStatus> primary() {
      return members.stream().filter(MemberStatus::primary).findFirst();
    }

    public boolean healthy(String host) {
      return members.stream().anyMatch(m -> m.host().equals(host) && m.healthy());
    }
  }

  /** A member of the configuration. */
  record ConfigMember(int id, String host) {}

  /** The replica set's configuration: its name, version and members. */
  record ReplicaSetConfig(String name, int version, List<ConfigMember> members) {
    public ReplicaSetConfig {
      members = List.copyOf(members);
    }

    public List<String> hosts() {
      return members.stream().map(ConfigMember::host).toList();
    }
  }

  /** A workload's user: {@code readWrite} on its database, authenticating against it. */
  record MongoUser(String database, String name, String password) {
    @Override
    public String toString() {
      return "MongoUser[" + database + "." + name + "]";
    }

    /** The same user without its password, as usersInfo reports it. */
    public MongoUser withoutPassword() {
      return new MongoUser(database, name, null);
    }
  }
}
