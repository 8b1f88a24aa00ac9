package dev.keelson.operator.kafka;

import dev.keelson.operator.api.v1alpha1.KafkaSpec;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.kafka.KafkaAdmin.GroupLag;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Reads consumer groups' lag, and carries their offsets over, through their Platform's admin
 * client: the one its topic sync uses when there is one, so that a poll every few seconds costs
 * only the lag requests.
 *
 * <p>When one of a Platform's Kafkas cannot be reached, or refuses its credentials, or its auth Secret is
 * unusable, the failure is the answer for every pool of that Platform on that Kafka until it is one Kafka
 * timeout old: a dead broker costs one blocked request per timeout, not one per pool and poll
 * (which would hold every reconcile thread), and the auth Secret is read again at that pace only.
 */
@ApplicationScoped
public class ConsumerGroupLagReader implements ConsumerLag {
  private final KubernetesClient client;
  private final KafkaConnections connections;
  private final Clock clock;
  private final Map<String, Failure> recentFailures = new ConcurrentHashMap<>();

  private record Failure(Instant at, RuntimeException error) {}

  public ConsumerGroupLagReader(KubernetesClient client, KafkaConnections connections, Clock clock) {
    this.client = client;
    this.connections = connections;
    this.clock = clock;
  }

  @Override
  public GroupLag read(Platform platform, KafkaSpec kafka, String group, String topic, List<String> retryTopics) {
    return withAdmin(platform, kafka, admin -> admin.groupLag(group, topic, retryTopics));
  }

  @Override
  public int carryOver(Platform platform, KafkaSpec kafka, String from, String to, List<String> topics) {
    return withAdmin(platform, kafka, admin -> admin.carryOverOffsets(from, to, topics));
  }

  private <T> T withAdmin(Platform platform, KafkaSpec kafka, Function<KafkaAdmin, T> call) {
    String key = KafkaTopics.key(platform, kafka.bootstrapServers());
    Instant now = clock.instant();
    Failure recent = recentFailures.get(key);
    if (recent != null && now.isBefore(recent.at().plus(connections.timeout()))) throw recent.error();
    try {
      // After a failure, connect anew: the auth Secret or the brokers may have been fixed.
      var admin = (recent == null ? connections.inUse(key, kafka.bootstrapServers()) : Optional.<KafkaAdmin>empty())
          .orElseGet(() -> connections.admin(key, KafkaTopics.clientProperties(client, platform.getMetadata().getNamespace(), kafka)));
      var result = call.apply(admin);
      recentFailures.remove(key);
      return result;
    } catch (KafkaUnavailableException | KafkaSettingsException e) {
      recentFailures.put(key, new Failure(now, e));
      throw e;
    }
  }
}
