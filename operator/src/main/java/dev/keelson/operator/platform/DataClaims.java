package dev.keelson.operator.platform;

import dev.keelson.operator.api.v1alpha1.RefusedUse;
import dev.keelson.operator.api.v1alpha1.Uses;
import dev.keelson.operator.binding.BindingEntries;
import dev.keelson.operator.dataservice.DataConsumer;
import dev.keelson.operator.status.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Who holds a Redis key prefix and a MongoDB database of a Platform. A workload's ACL user may
 * touch only {@code <keyPrefix>:*}, and its MongoDB user only its database; two workloads asking
 * for the same one would read each other's data. Each use is ranked on its own: the workload that
 * held that very prefix or database at the previous reconcile first, one refused it then last, and
 * otherwise the first to ask (by creation time, then kind and name); a later one is refused its user
 * until it asks for another. A database is shared only with the workloads its holder names in
 * {@code uses.mongodb.sharedWith}. MongoDB refuses two databases whose names differ only in case,
 * so those count as one. A refused workload reads its refusal from the Platform's status
 * ({@code WorkloadFlow#dataServices}).
 */
public final class DataClaims {

  private DataClaims() {}

  /**
   * The consumers as granted (a refused use taken out), the refusals, and the uses granted
   * ({@code Kind/name/redis/<prefix>}), to be passed back in at the next reconcile.
   */
  record Granted(List<DataConsumer> consumers, List<RefusedUse> refused, Set<String> granted) {
    /** This Platform's grants applied to one cluster's consumers (the same workloads, with that cluster's credentials). */
    List<DataConsumer> apply(List<DataConsumer> onCluster) {
      var refusedKeys = new HashSet<String>();
      if (refused != null) refused.forEach(r -> refusedKeys.add(r.kind() + "/" + r.name() + "/" + r.dataService()));
      return onCluster.stream().map(c -> without(c, refusedKeys.contains(workload(c) + "/" + BindingEntries.REDIS),
          refusedKeys.contains(workload(c) + "/" + BindingEntries.MONGODB))).toList();
    }
  }

  static Granted grant(List<DataConsumer> consumers, List<RefusedUse> refusedBefore, Set<String> grantedBefore) {
    var wasRefused = new HashSet<String>();
    if (refusedBefore != null) refusedBefore.forEach(r -> wasRefused.add(r.kind() + "/" + r.name() + "/" + r.dataService()));
    var refused = new ArrayList<RefusedUse>();
    var refusedRedis = new HashSet<DataConsumer>();
    var refusedMongo = new HashSet<DataConsumer>();

    var prefixes = new HashMap<String, DataConsumer>();
    for (var c : ranked(consumers, BindingEntries.REDIS, DataClaims::prefix, wasRefused, grantedBefore)) {
      var holder = prefixes.putIfAbsent(prefix(c), c);
      if (holder != null) {
        refusedRedis.add(c);
        refused.add(new RefusedUse(c.kind(), c.name(), BindingEntries.REDIS, Reason.REDIS_KEY_PREFIX_IN_USE.toString(),
            "Redis key prefix " + prefix(c)
            + " belongs to " + holder.kind() + " " + holder.name() + "; choose another uses.redis.keyPrefix"));
      }
    }
    var databases = new HashMap<String, DataConsumer>();
    for (var c : ranked(consumers, BindingEntries.MONGODB, DataClaims::database, wasRefused, grantedBefore)) {
      var holder = databases.putIfAbsent(database(c), c);
      if (holder != null && !sharesWith(holder, c)) {
        refusedMongo.add(c);
        refused.add(new RefusedUse(c.kind(), c.name(), BindingEntries.MONGODB, Reason.MONGO_DB_DATABASE_IN_USE.toString(),
            "MongoDB database " + c.uses().mongodb().database()
            + " belongs to " + holder.kind() + " " + holder.name() + "; choose another uses.mongodb.database, or have " + holder.kind()
            + " " + holder.name() + " name " + c.name() + " in its uses.mongodb.sharedWith"));
      }
    }
    var granted = consumers.stream().map(c -> without(c, refusedRedis.contains(c), refusedMongo.contains(c))).toList();
    var grantedKeys = new HashSet<String>();
    for (var c : granted) {
      if (c.uses().redis() != null) grantedKeys.add(key(c, BindingEntries.REDIS, prefix(c)));
      if (c.uses().mongodb() != null) grantedKeys.add(key(c, BindingEntries.MONGODB, database(c)));
    }
    refused.sort(Comparator.comparing(RefusedUse::kind).thenComparing(RefusedUse::name).thenComparing(RefusedUse::dataService));
    return new Granted(granted, refused.isEmpty() ? null : List.copyOf(refused), Set.copyOf(grantedKeys));
  }

  /**
   * The consumers using that data service, in the order their claims rank: holding this very value
   * before, then neither, then refused before; within each, by creation time, kind and name.
   */
  private static List<DataConsumer> ranked(List<DataConsumer> consumers, String dataService,
      Function<DataConsumer, String> value, Set<String> wasRefused, Set<String> grantedBefore) {
    Function<DataConsumer, Integer> standing = c -> grantedBefore.contains(key(c, dataService, value.apply(c))) ? 0
        : wasRefused.contains(workload(c) + "/" + dataService) ? 2 : 1;
    return consumers.stream().filter(c -> value.apply(c) != null)
        .sorted(Comparator.comparing(standing)
            .thenComparing(DataConsumer::created, Comparator.nullsLast(String::compareTo))
            .thenComparing(DataConsumer::kind).thenComparing(DataConsumer::name))
        .toList();
  }

  private static String prefix(DataConsumer c) {
    return c.uses().redis() == null ? null : c.uses().redis().keyPrefix();
  }

  private static String database(DataConsumer c) {
    return c.uses().mongodb() == null ? null : c.uses().mongodb().database().toLowerCase(Locale.ROOT);
  }

  /** Whether the holder of a database lets {@code c} use it: it names {@code c}, and they spell it alike. */
  private static boolean sharesWith(DataConsumer holder, DataConsumer c) {
    var sharedWith = holder.uses().mongodb().sharedWith();
    return sharedWith != null && sharedWith.contains(c.name()) && holder.uses().mongodb().database().equals(c.uses().mongodb().database());
  }

  private static String workload(DataConsumer c) {
    return c.kind() + "/" + c.name();
  }

  private static String key(DataConsumer c, String dataService, String value) {
    return workload(c) + "/" + dataService + "/" + value;
  }

  private static DataConsumer without(DataConsumer c, boolean redis, boolean mongodb) {
    if (!redis && !mongodb) return c;
    return c.withUses(new Uses(mongodb ? null : c.uses().mongodb(), redis ? null : c.uses().redis(), c.uses().kafka()));
  }
}
