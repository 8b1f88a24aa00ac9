package dev.keelson.operator.mongodb;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How Keelson reaches a Platform's MongoDB members: by their DNS names inside the operator's own
 * cluster; or, when {@code keelson.mongodb.address-override} names an address (an operator running
 * outside the cluster, a test), every member at that one.
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
    this.calls = calls;
    this.admin = new DriverMongoAdmin(timeout, calls);
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

  /** Whether Keelson can reach members on that cluster: its own, or any through the override (see {@link dev.keelson.operator.redis.RedisConnections#reaches}). */
  public boolean reaches(dev.keelson.operator.cluster.TargetCluster cluster) {
    return cluster.local() || override != null;
  }

  /** A session with the member at {@code host}. */
  public MongoAdmin.Session connect(String host, String adminPassword, dev.keelson.operator.pki.ClientTls tls) {
    return admin.connect(override != null ? override : host, authenticate ? adminPassword : null, tls);
  }

  /** Commands sent to MongoDB so far, over all Platforms. */
  public long calls() {
    return calls.sum();
  }
}
