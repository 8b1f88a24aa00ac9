package dev.keelson.operator.kafka;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.kafka.KafkaAdmin.GroupLag;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads consumer groups' lag through their Platform's admin client: the one its topic sync uses
 * when there is one, so that a poll every few seconds costs only the lag requests. The Platform's
 * auth Secret is read again only to connect anew, and after Kafka refused the credentials.
 */
@ApplicationScoped
public class ConsumerGroupLagReader implements ConsumerLag {
  private final KubernetesClient client;
  private final KafkaConnections connections;
  private final Set<String> credentialsRefused = ConcurrentHashMap.newKeySet();

  public ConsumerGroupLagReader(KubernetesClient client, KafkaConnections connections) {
    this.client = client;
    this.connections = connections;
  }

  @Override
  public GroupLag read(Platform platform, String group, String topic) {
    String uid = platform.getMetadata().getUid();
    String bootstrapServers = platform.getSpec().kafka().bootstrapServers();
    var admin = (credentialsRefused.contains(uid) ? java.util.Optional.<KafkaAdmin>empty() : connections.inUse(uid, bootstrapServers))
        .orElseGet(() -> connections.admin(uid, KafkaTopics.clientProperties(client, platform)));
    try {
      var lag = admin.groupLag(group, topic);
      credentialsRefused.remove(uid);
      return lag;
    } catch (KafkaAuthenticationException e) {
      credentialsRefused.add(uid);
      throw e;
    }
  }
}
