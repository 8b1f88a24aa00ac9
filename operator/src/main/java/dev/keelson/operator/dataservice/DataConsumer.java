package dev.keelson.operator.dataservice;

import dev.keelson.operator.api.v1alpha1.Uses;
import java.util.List;

/**
 * A workload that may use a Platform's data services: its kind and name, when it was created
 * (RFC 3339, which orders its claims against other workloads'), what it uses, and what its
 * credentials Secret holds on one cluster.
 *
 * @param passwords null where its credentials Secret does not exist (yet), or was not read
 */
public record DataConsumer(String kind, String name, String created, Uses uses, Passwords passwords) {

  /**
   * The passwords of a workload's credentials Secret, newest first (two while a rotation rolls its
   * pods), and the generation of the newest.
   */
  public record Passwords(int generation, List<String> redis, List<String> mongodb) {
    public Passwords {
      redis = List.copyOf(redis);
      mongodb = List.copyOf(mongodb);
    }
  }

  /** The same workload with only the uses it is granted. */
  public DataConsumer withUses(Uses granted) {
    return new DataConsumer(kind, name, created, granted, passwords);
  }
}
