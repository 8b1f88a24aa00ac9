package dev.keelson.operator.mongodb;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.connection.ClusterConnectionMode;
import dev.keelson.operator.pki.ClientTls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.bson.Document;

/** {@link MongoAdmin} on mongodb-driver-sync: a direct connection to one member, bounded by timeouts. */
public final class DriverMongoAdmin implements MongoAdmin {
  /** MongoDB's code for "replSetInitiate has not been run". */
  static final int NOT_YET_INITIALIZED = 94;
  private final Duration timeout;
  private final LongAdder calls;

  public DriverMongoAdmin(Duration timeout, LongAdder calls) {
    this.timeout = timeout;
    this.calls = calls;
  }

  @Override
  public Session connect(String hostAndPort, String adminPassword, ClientTls tls) {
    int colon = hostAndPort.lastIndexOf(':');
    var address = new ServerAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    var settings = MongoClientSettings.builder()
        .applyToClusterSettings(c -> c.hosts(List.of(address)).mode(ClusterConnectionMode.SINGLE)
            .serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS))
        .applyToSocketSettings(s -> s.connectTimeout((int) timeout.toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout((int) timeout.toMillis(), TimeUnit.MILLISECONDS))
        .applicationName("keelson-operator");
    if (tls != null) {
      // The chain must lead to the Platform's own CA; the driver cannot check the name it expects
      // (members are dialled by pod name, or at an address an operator outside the cluster is given).
      settings.applyToSslSettings(ssl -> ssl.enabled(true).context(tls.context()).invalidHostNameAllowed(true));
    }
    if (adminPassword != null) {
      settings.credential(MongoCredential.createCredential(MongoModel.ADMIN_USER, "admin", adminPassword.toCharArray()));
    }
    return new DriverSession(MongoClients.create(settings.build()), hostAndPort);
  }

  private final class DriverSession implements Session {
    private final MongoClient client;
    private final String member;

    DriverSession(MongoClient client, String member) {
      this.client = client;
      this.member = member;
    }

    @Override
    public ReplicaSetStatus status() {
      Document reply;
      try {
        reply = run("admin", new Document("replSetGetStatus", 1));
      } catch (MongoUnavailableException e) {
        if (e.getCause() instanceof MongoCommandException c && c.getErrorCode() == NOT_YET_INITIALIZED) {
          return ReplicaSetStatus.NOT_INITIALIZED;
        }
        throw e;
      }
      var members = new ArrayList<MemberStatus>();
      for (Document m : reply.getList("members", Document.class, List.of())) {
        members.add(new MemberStatus(m.getInteger("_id", 0), m.getString("name"),
            ((Number) m.getOrDefault("health", 0)).doubleValue() >= 1, m.getString("stateStr")));
      }
      return new ReplicaSetStatus(true, members);
    }

    @Override
    public ReplicaSetConfig config() {
      Document config = run("admin", new Document("replSetGetConfig", 1)).get("config", Document.class);
      var members = config.getList("members", Document.class).stream()
          .map(m -> new ConfigMember(m.getInteger("_id"), m.getString("host"))).toList();
      return new ReplicaSetConfig(config.getString("_id"), ((Number) config.get("version")).intValue(), members);
    }

    @Override
    public void initiate(ReplicaSetConfig config) {
      run("admin", new Document("replSetInitiate", document(config)));
    }

    @Override
    public void reconfigure(ReplicaSetConfig config) {
      run("admin", new Document("replSetReconfig", document(config)));
    }

    @Override
    public void stepDown() {
      run("admin", new Document("replSetStepDown", 60));
    }

    @Override
    public List<MongoUser> users() {
      var reply = run("admin", new Document("usersInfo", new Document("forAllDBs", true)));
      return reply.getList("users", Document.class, List.of()).stream()
          .map(u -> new MongoUser(u.getString("db"), u.getString("user"), null)).toList();
    }

    @Override
    public void putUser(MongoUser user, boolean exists) {
      var roles = List.of(new Document("role", "readWrite").append("db", user.database()));
      var command = new Document(exists ? "updateUser" : "createUser", user.name()).append("pwd", user.password()).append("roles", roles);
      run(user.database(), command);
    }

    @Override
    public void dropUser(MongoUser user) {
      run(user.database(), new Document("dropUser", user.name()));
    }

    private Document run(String database, Document command) {
      calls.increment();
      try {
        return client.getDatabase(database).runCommand(command);
      } catch (MongoException e) {
        // The command's name only: a createUser command carries a password.
        throw new MongoUnavailableException("MongoDB at " + member + " (" + command.keySet().iterator().next() + "): "
            + e.getMessage(), e);
      }
    }

    private static Document document(ReplicaSetConfig config) {
      var members = config.members().stream().map(m -> new Document("_id", m.id()).append("host", m.host())).toList();
      return new Document("_id", config.name()).append("version", config.version()).append("members", members);
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
