package dev.keelson.operator.dataservice;

import dev.keelson.operator.api.v1alpha1.KafkaStatus;
import dev.keelson.operator.api.v1alpha1.MongoDbStatus;
import dev.keelson.operator.api.v1alpha1.PlatformStatus;
import dev.keelson.operator.api.v1alpha1.RedisStatus;
import java.util.List;

/**
 * The parts of a Platform's status its data services write, each its own: read back as
 * {@link DataService#lastReported}, written by {@link DataService#report}. A data service with a
 * status of its own adds its field here and to {@link PlatformStatus}.
 *
 * @param kafka the shared Kafka's, null without spec.kafka
 * @param clusterKafkas those of the clusters with a Kafka of their own, null when none has
 */
public record StatusSlices(KafkaStatus kafka, List<KafkaStatus> clusterKafkas, RedisStatus redis, MongoDbStatus mongodb) {
  public static final StatusSlices NONE = new StatusSlices(null, null, null, null);

  /** What a Platform's status says, NONE before its first. */
  public static StatusSlices of(PlatformStatus status) {
    if (status == null) return NONE;
    return new StatusSlices(status.kafka(), status.clusterKafkas(), status.redis(), status.mongodb());
  }

  public StatusSlices withKafkas(KafkaStatus shared, List<KafkaStatus> own) {
    return new StatusSlices(shared, own, redis, mongodb);
  }

  public StatusSlices withRedis(RedisStatus status) {
    return new StatusSlices(kafka, clusterKafkas, status, mongodb);
  }

  public StatusSlices withMongodb(MongoDbStatus status) {
    return new StatusSlices(kafka, clusterKafkas, redis, status);
  }
}
