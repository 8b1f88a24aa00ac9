package dev.keelson.operator.kafka;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One Kafka admin client per Platform and Kafka ({@link KafkaTopics#key}), reused while its
 * connection properties stay the same, closed when they change or when it has not been used for
 * {@link #IDLE_LIMIT}.
 */
@ApplicationScoped
public class KafkaConnections {
  static final Duration IDLE_LIMIT = Duration.ofMinutes(30);

  private final Duration timeout;
  private final Clock clock;
  private final AdminFactory factory;
  private final LongAdder calls = new LongAdder();
  private final Map<String, Connection> byKey = new ConcurrentHashMap<>();

  private record Connection(Map<String, String> properties, KafkaAdmin admin, Instant lastUse) {}

  /** Makes the admin client of one Kafka from its connection properties: kafka-clients' own, or a test's. */
  public interface AdminFactory {
    KafkaAdmin connect(Map<String, String> properties, Duration timeout, LongAdder calls);
  }

  @Inject
  public KafkaConnections(@ConfigProperty(name = "keelson.kafka.timeout", defaultValue = "10s") Duration timeout, Clock clock) {
    this(timeout, clock, AdminClientKafkaAdmin::new);
  }

  public KafkaConnections(Duration timeout, Clock clock, AdminFactory factory) {
    this.timeout = timeout;
    this.clock = clock;
    this.factory = factory;
  }

  /** The admin client of the Platform's Kafka with this key for these connection properties. */
  public KafkaAdmin admin(String key, Map<String, String> properties) {
    var now = clock.instant();
    closeIdle(now);
    var connection = byKey.compute(key, (k, current) -> {
      if (current != null && current.properties().equals(properties)) return new Connection(properties, current.admin(), now);
      if (current != null) current.admin().close();
      return new Connection(Map.copyOf(properties), factory.connect(properties, timeout, calls), now);
    });
    return connection.admin();
  }

  /** The admin client in use for the Platform's Kafka with this key, if it connects to these bootstrap servers. */
  public java.util.Optional<KafkaAdmin> inUse(String key, String bootstrapServers) {
    var connection = byKey.get(key);
    if (connection == null || !bootstrapServers.equals(connection.properties().get("bootstrap.servers"))) return java.util.Optional.empty();
    byKey.replace(key, connection, new Connection(connection.properties(), connection.admin(), clock.instant()));
    return java.util.Optional.of(connection.admin());
  }

  /** Closes the admin clients whose keys match. */
  public void close(Predicate<String> keys) {
    byKey.entrySet().removeIf(e -> {
      boolean gone = keys.test(e.getKey());
      if (gone) e.getValue().admin().close();
      return gone;
    });
  }

  /** Requests made to Kafka so far, over all Platforms. */
  public long calls() {
    return calls.sum();
  }

  /** The Kafka request timeout. */
  public Duration timeout() {
    return timeout;
  }

  private void closeIdle(Instant now) {
    byKey.entrySet().removeIf(e -> {
      boolean idle = e.getValue().lastUse().plus(IDLE_LIMIT).isBefore(now);
      if (idle) e.getValue().admin().close();
      return idle;
    });
  }

  @PreDestroy
  public void close() {
    byKey.values().forEach(c -> c.admin().close());
    byKey.clear();
  }
}
