package dev.keelson.operator.mongodb;

import java.util.Locale;

/** Names of the workloads' MongoDB users. */
public final class MongoUsers {
  private MongoUsers() {}

  /**
   * The user of a workload's credentials generation: {@code service.orders}, then
   * {@code service.orders.r1}, {@code .r2}, … after each rotation. MongoDB holds one password per
   * user, so a rotation makes a new user and the old one is dropped once the pods have rolled.
   */
  public static String name(String kind, String workload, int generation) {
    String base = kind.toLowerCase(Locale.ROOT) + "." + workload;
    return generation == 0 ? base : base + ".r" + generation;
  }

  /** Whether Keelson manages a user of that name. */
  public static boolean managed(String name) {
    return name.startsWith("service.") || name.startsWith("workerpool.");
  }
}
