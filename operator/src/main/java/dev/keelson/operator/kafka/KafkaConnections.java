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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One Kafka admin client per Platform, reused while its connection properties stay the same,
 * closed when they change or when it has not been used for {@link #IDLE_LIMIT}.
 */
@ApplicationScoped
public class KafkaConnections {
  static final Duration IDLE_LIMIT = Duration.ofMinutes(30);

  private final Duration timeout;
  private final Clock clock;
  private final LongAdder calls = new LongAdder();
  private final Map<String, Connection> byPlatform = new ConcurrentHashMap<>();

  private record Connection(Map<String, String> properties, KafkaAdmin admin, Instant lastUse) {}

  @Inject
  public KafkaConnections(@ConfigProperty(name = "keelson.kafka.timeout", defaultValue = "10s") Duration timeout, Clock clock) {
    this.timeout = timeout;
    this.clock = clock;
  }

  /** The admin client of the Platform with this UID for these connection properties. */
  public KafkaAdmin admin(String platformUid, Map<String, String> properties) {
    var now = clock.instant();
    closeIdle(now);
    var connection = byPlatform.compute(platformUid, (uid, current) -> {
      if (current != null && current.properties().equals(properties)) return new Connection(properties, current.admin(), now);
      if (current != null) current.admin().close();
      return new Connection(Map.copyOf(properties), new AdminClientKafkaAdmin(properties, timeout, calls), now);
    });
    return connection.admin();
  }

  /** The admin client in use for the Platform with this UID, if it connects to these bootstrap servers. */
  public java.util.Optional<KafkaAdmin> inUse(String platformUid, String bootstrapServers) {
    var connection = byPlatform.get(platformUid);
    if (connection == null || !bootstrapServers.equals(connection.properties().get("bootstrap.servers"))) return java.util.Optional.empty();
    byPlatform.replace(platformUid, connection, new Connection(connection.properties(), connection.admin(), clock.instant()));
    return java.util.Optional.of(connection.admin());
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
    byPlatform.entrySet().removeIf(e -> {
      boolean idle = e.getValue().lastUse().plus(IDLE_LIMIT).isBefore(now);
      if (idle) e.getValue().admin().close();
      return idle;
    });
  }

  @PreDestroy
  public void close() {
    byPlatform.values().forEach(c -> c.admin().close());
    byPlatform.clear();
  }
}
