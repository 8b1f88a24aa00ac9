package dev.keelson.operator.mongodb;

import dev.keelson.operator.dataservice.DataConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Names of the workloads' MongoDB users. */
public final class MongoUsers {
  private static final Pattern GENERATION = Pattern.compile("\\.r([0-9]+)$");

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

  /** The credentials generation a user's name carries ({@link #name} read back): {@code service.orders.r2} → 2, none for generation 0. */
  public static OptionalInt generation(String user) {
    var matcher = GENERATION.matcher(user);
    return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
  }

  /**
   * The MongoDB users of the workloads that declare uses.mongodb: the user of the current
   * credentials generation and, during a rotation, the previous one.
   */
  public static List<MongoAdmin.MongoUser> of(List<DataConsumer> consumers) {
    var users = new ArrayList<MongoAdmin.MongoUser>();
    for (var c : consumers) {
      if (c.uses().mongodb() == null || c.passwords() == null) continue;
      var passwords = c.passwords().mongodb();
      String database = c.uses().mongodb().database();
      for (int i = 0; i < passwords.size(); i++) {
        users.add(new MongoAdmin.MongoUser(database, name(c.kind(), c.name(), c.passwords().generation() - i), passwords.get(i)));
      }
    }
    return users;
  }

  /** Whether Keelson manages a user of that name. */
  public static boolean managed(String name) {
    return name.startsWith("service.") || name.startsWith("workerpool.");
  }
}
