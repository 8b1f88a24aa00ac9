package dev.keelson.operator.workload;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which of the Platform's data services the workload's pods reach, and the binding Secret that
 * tells them how.
 *
 * @param kafkaPorts ports of the Platform's Kafka brokers, when the workload uses Kafka
 * @param usesRedis whether the workload declares uses.redis (its pods may reach Redis)
 * @param usesMongoDb whether the workload declares uses.mongodb (its pods may reach MongoDB)
 * @param networkPolicies whether the Platform isolates the pods with a NetworkPolicy (its
 *     security.networkPolicy is not None)
 * @param binding the entries of the binding Secret ({@link dev.keelson.operator.binding.BindingEntries}), sorted;
 *     empty when the workload uses no data service
 * @param kafkaAuthSecret the Platform's Kafka auth Secret, projected into the kafka binding, or null
 */
public record WorkloadDataAccess(
    List<Integer> kafkaPorts,
    boolean usesRedis,
    boolean usesMongoDb,
    boolean networkPolicies,
    SortedMap<String, String> binding,
    String kafkaAuthSecret) {

  public WorkloadDataAccess {
    kafkaPorts = kafkaPorts == null ? List.of() : List.copyOf(kafkaPorts);
    binding = binding == null ? new TreeMap<>() : new TreeMap<>(binding);
  }

  /** Credentials stay out of logs: the binding's values are not printed. */
  @Override
  public String toString() {
    return "WorkloadDataAccess[kafkaPorts=" + kafkaPorts + ", usesRedis=" + usesRedis + ", usesMongoDb=" + usesMongoDb
        + ", networkPolicies=" + networkPolicies + ", binding keys " + binding.keySet() + ", kafkaAuthSecret=" + kafkaAuthSecret + "]";
  }
}
