package dev.keelson.operator.workerpool;

import dev.keelson.operator.api.v1alpha1.KafkaSpec;
import dev.keelson.operator.api.v1alpha1.PlatformSpec;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.kafka.PlatformKafkas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * A pool's workers by the Kafka they consume from. Clusters that share a Kafka share its consumer
 * group, so their workers are scaled together on its lag; each Kafka of the pool's clusters is a
 * group of its own, scaled on its own lag. The pool's counts (spec.replicas, minReplicas,
 * maxReplicas) stay the pool's totals: in Lag mode each Kafka's workers get the share of the bounds
 * its clusters' weights give it ({@link WorkerCounts}), and at least one at most, so that no Kafka's
 * queue is left undrained (the total may then exceed a maxReplicas smaller than the number of Kafkas).
 *
 * @param groups one per Kafka, in the order of the clusters
 * @param all the counts over every placed cluster with a Kafka (Manual mode, and clusters in no group)
 */
record ConsumerGroups(List<Group> groups, WorkerCounts all) {

  /**
   * The workers on one Kafka.
   *
   * @param scaling the autoscaler's answer for this Kafka's group, null in Manual mode
   * @param counts the counts of the group's clusters
   */
  record Group(KafkaSpec kafka, List<String> clusters, WorkerPoolAutoscaler.Scaling scaling, WorkerCounts counts) {}

  /** Polls the lag of the workers on one Kafka. */
  interface Poll {
    /**
     * @param clusters the clusters whose workers consume from that Kafka
     * @param bounded the pool's scaling within the bounds of those workers
     */
    WorkerPoolAutoscaler.Scaling poll(KafkaSpec kafka, List<String> clusters, WorkerPoolScaling bounded);
  }

  /**
   * @param placed the usable clusters the pool is placed on, in order
   * @param poll in Lag mode, polls one Kafka's lag
   */
  static ConsumerGroups of(PlatformSpec platform, List<TargetCluster> placed, WorkerPoolScaling spec,
      Poll poll) {
    var weights = new LinkedHashMap<String, Integer>();
    var byKafka = new LinkedHashMap<String, List<TargetCluster>>();
    var kafkas = new LinkedHashMap<String, KafkaSpec>();
    for (var cluster : placed) {
      var kafka = PlatformKafkas.of(platform, cluster.overrides());
      if (kafka == null) continue;
      weights.put(cluster.name(), weight(cluster));
      String id = PlatformKafkas.identity(kafka.bootstrapServers());
      kafkas.putIfAbsent(id, kafka);
      byKafka.computeIfAbsent(id, k -> new ArrayList<>()).add(cluster);
    }
    var all = new WorkerCounts(spec, null, weights);
    var groups = new ArrayList<Group>();
    var kafkaWeights = new LinkedHashMap<String, Integer>();
    byKafka.forEach((servers, clusters) -> kafkaWeights.put(servers, clusters.stream().mapToInt(ConsumerGroups::weight).sum()));
    var byWeight = new WorkerCounts(spec, null, kafkaWeights);
    for (var entry : byKafka.entrySet()) {
      var clusterWeights = new LinkedHashMap<String, Integer>();
      entry.getValue().forEach(c -> clusterWeights.put(c.name(), weight(c)));
      var names = List.copyOf(clusterWeights.keySet());
      var kafka = kafkas.get(entry.getKey());
      if (!spec.lag()) {
        groups.add(new Group(kafka, names, null, all));
        continue;
      }
      // A Kafka whose clusters run workers at all may run at least one: its queue is never left undrained
      // because maxReplicas is smaller than the number of Kafkas.
      int max = byWeight.share(spec.maxReplicas(), entry.getKey());
      if (max == 0 && kafkaWeights.get(entry.getKey()) > 0 && spec.maxReplicas() > 0) max = 1;
      var bounded = spec.within(byWeight.share(spec.minReplicas(), entry.getKey()), max);
      var scaling = poll.poll(kafka, names, bounded);
      groups.add(new Group(kafka, names, scaling, new WorkerCounts(bounded, scaling, clusterWeights)));
    }
    return new ConsumerGroups(List.copyOf(groups), all);
  }

  /** The counts that apply on the cluster: its Kafka's group's, or the pool's for a cluster in none. */
  WorkerCounts on(String cluster) {
    return groups.stream().filter(g -> g.clusters().contains(cluster)).map(Group::counts).findFirst().orElse(all);
  }

  /** The group of the cluster, if it is in one. */
  Optional<Group> groupOf(String cluster) {
    return groups.stream().filter(g -> g.clusters().contains(cluster)).findFirst();
  }

  private static int weight(TargetCluster cluster) {
    var overrides = cluster.overrides();
    return overrides == null || overrides.replicaPercent() == null ? 100 : overrides.replicaPercent();
  }
}
