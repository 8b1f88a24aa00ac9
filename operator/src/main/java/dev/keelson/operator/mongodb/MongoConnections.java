package dev.keelson.operator.mongodb;

import dev.keelson.operator.cluster.PodTunnel;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.pki.ClientTls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How Keelson reaches a Platform's MongoDB members: by their DNS names inside the operator's own
 * cluster, or, when {@code keelson.mongodb.address-override} names an address (an operator running
 * outside its cluster, a test), every member there at that one; on a remote cluster through its API
 * server ({@link PodTunnel}).
 */
@ApplicationScoped
public class MongoConnections {
  private final MongoAdmin admin;
  private final LongAdder calls;
  private final String override;
  private final boolean authenticate;

  /**
   * @param authenticate false only for a stand-in without authentication (hack/run-local.sh's
   *     mongo-java-server); real members always require the administrator's credentials
   */
  @Inject
  public MongoConnections(@ConfigProperty(name = "keelson.mongodb.timeout", defaultValue = "5s") Duration timeout,
      @ConfigProperty(name = "keelson.mongodb.address-override") Optional<String> override,
      @ConfigProperty(name = "keelson.mongodb.authenticate", defaultValue = "true") boolean authenticate) {
    this(new LongAdder(), timeout, override.orElse(null), authenticate);
  }

  private MongoConnections(LongAdder calls, Duration timeout, String override, boolean authenticate) {
    this(new DriverMongoAdmin(timeout, calls), calls, override, authenticate);
  }

  /** Connections through that admin (the driver's, or a test's), counted in {@code calls}, to the {@code override} when not null. */
  public MongoConnections(MongoAdmin admin, LongAdder calls, String override, boolean authenticate) {
    this.admin = admin;
    this.calls = calls;
    this.override = override;
    this.authenticate = authenticate;
  }

  /**
   * Connections to a test server standing in for every member: mongo-java-server speaks the wire
   * protocol but not authentication, so these connect without credentials.
   */
  public static MongoConnections unauthenticated(Duration timeout, String address) {
    return new MongoConnections(new LongAdder(), timeout, address, false);
  }

  /**
   * A session with the member at {@code host} ({@code <pod>.<service>.<namespace>.svc:<port>}) on that
   * cluster: directly (or at the override) on the operator's own cluster, through a tunnel on a remote one.
   */
  public MongoAdmin.Session connect(TargetCluster cluster, String host, String adminPassword, ClientTls tls) {
    String password = authenticate ? adminPassword : null;
    if (cluster.local()) return admin.connect(override != null ? override : host, password, tls);
    int colon = host.lastIndexOf(':');
    PodTunnel tunnel;
    try {
      tunnel = PodTunnel.open(cluster, host.substring(0, colon), Integer.parseInt(host.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw new MongoUnavailableException("MongoDB member " + host + " on cluster " + cluster.name() + ": cannot port-forward through its "
          + "API server: " + e.getMessage(), e);
    }
    try {
      return new TunnelledSession(admin.connect(tunnel.host() + ":" + tunnel.port(), password, tls), tunnel, host, cluster.name());
    } catch (MongoUnavailableException e) {
      String failure = tunnel.failure();
      tunnel.close();
      throw new MongoUnavailableException("MongoDB member " + host + " on cluster " + cluster.name() + ": " + e.getMessage() + failure, e);
    } catch (RuntimeException e) {
      tunnel.close();
      throw e;
    }
  }

  /** A session over a tunnel, closed with it; its errors name the member, not the tunnel's local port. */
  private record TunnelledSession(MongoAdmin.Session session, PodTunnel tunnel, String host, String cluster) implements MongoAdmin.Session {
    @Override
    public MongoAdmin.ReplicaSetStatus status() {
      return named(session::status);
    }

    @Override
    public MongoAdmin.ReplicaSetConfig config() {
      return named(session::config);
    }

    @Override
    public void initiate(MongoAdmin.ReplicaSetConfig config) {
      run(() -> session.initiate(config));
    }

    @Override
    public void reconfigure(MongoAdmin.ReplicaSetConfig config) {
      run(() -> session.reconfigure(config));
    }

    @Override
    public void stepDown() {
      run(session::stepDown);
    }

    @Override
    public java.util.List<MongoAdmin.MongoUser> users() {
      return named(session::users);
    }

    @Override
    public void putUser(MongoAdmin.MongoUser user, boolean exists) {
      run(() -> session.putUser(user, exists));
    }

    @Override
    public void dropUser(MongoAdmin.MongoUser user) {
      run(() -> session.dropUser(user));
    }

    private void run(Runnable command) {
      named(() -> {
        command.run();
        return null;
      });
    }

    private <T> T named(java.util.function.Supplier<T> command) {
      try {
        return command.get();
      } catch (MongoUnavailableException e) {
        throw new MongoUnavailableException("MongoDB member " + host + " on cluster " + cluster + ": " + e.getMessage() + tunnel.failure(), e);
      }
    }

    @Override
    public void close() {
      try {
        session.close();
      } finally {
        tunnel.close();
      }
    }
  }

  /** Commands sent to MongoDB so far, over all Platforms. */
  public long calls() {
    return calls.sum();
  }
}
