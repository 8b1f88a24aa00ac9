package dev.keelson.operator.platform;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.RefusedUse;
import dev.keelson.operator.api.v1alpha1.Uses;
import dev.keelson.operator.status.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who holds a Redis key prefix and a MongoDB database of a Platform. A workload's ACL user may
 * touch only {@code <keyPrefix>:*}, and its MongoDB user only its database; two workloads asking
 * for the same one would read each other's data. The workload that holds it keeps it: one granted
 * at the previous reconcile comes first, one refused then comes last, and otherwise the first to
 * ask (by creation time, then kind and name); a later one is refused its user until it asks for
 * another. A
 * database is shared only when every workload using it says {@code shared: true}. MongoDB refuses
 * two databases whose names differ only in case, so those count as one.
 */
public final class DataClaims {
  static final String KEY_PREFIX_IN_USE = "RedisKeyPrefixInUse";
  static final String DATABASE_IN_USE = "MongoDbDatabaseInUse";

  private DataClaims() {}

  /**
   * The consumers as granted (a refused use taken out), the refusals, and the uses granted
   * ({@code Kind/name/redis}), to be passed back in at the next reconcile.
   */
  record Granted(List<PlatformWorkloads.Consumer> consumers, List<RefusedUse> refused, java.util.Set<String> granted) {
    /** This Platform's grants applied to one cluster's consumers (the same workloads, with that cluster's credentials). */
    List<PlatformWorkloads.Consumer> apply(List<PlatformWorkloads.Consumer> onCluster) {
      var refusedKeys = refused == null ? java.util.Set.<String>of()
          : refused.stream().map(r -> r.kind() + "/" + r.name() + "/" + r.dataService()).collect(java.util.stream.Collectors.toSet());
      return onCluster.stream().map(c -> without(c, refusedKeys.contains(key(c, "redis")), refusedKeys.contains(key(c, "mongodb")))).toList();
    }
  }

  static Granted grant(List<PlatformWorkloads.Consumer> consumers, List<RefusedUse> refusedBefore, java.util.Set<String> grantedBefore) {
    var wasRefused = refusedBefore == null ? java.util.Set.<String>of()
        : refusedBefore.stream().map(r -> r.kind() + "/" + r.name()).collect(java.util.stream.Collectors.toSet());
    java.util.function.Function<PlatformWorkloads.Consumer, Integer> standing = c -> wasRefused.contains(c.kind() + "/" + c.name()) ? 2
        : grantedBefore.contains(key(c, "redis")) || grantedBefore.contains(key(c, "mongodb")) ? 0 : 1;
    var ordered = consumers.stream().sorted(Comparator.comparing(standing)
        .thenComparing(PlatformWorkloads.Consumer::created, Comparator.nullsLast(String::compareTo))
        .thenComparing(PlatformWorkloads.Consumer::kind).thenComparing(PlatformWorkloads.Consumer::name)).toList();
    var prefixes = new HashMap<String, PlatformWorkloads.Consumer>();
    var databases = new HashMap<String, PlatformWorkloads.Consumer>();
    var refused = new ArrayList<RefusedUse>();
    var refusedRedis = new java.util.HashSet<PlatformWorkloads.Consumer>();
    var refusedMongo = new java.util.HashSet<PlatformWorkloads.Consumer>();
    for (var c : ordered) {
      var redis = c.uses().redis();
      if (redis != null) {
        var holder = prefixes.putIfAbsent(redis.keyPrefix(), c);
        if (holder != null) {
          refusedRedis.add(c);
          refused.add(new RefusedUse(c.kind(), c.name(), "redis", KEY_PREFIX_IN_USE, "Redis key prefix " + redis.keyPrefix()
              + " belongs to " + holder.kind() + " " + holder.name() + "; choose another uses.redis.keyPrefix"));
        }
      }
      var mongo = c.uses().mongodb();
      if (mongo != null) {
        String key = mongo.database().toLowerCase(Locale.ROOT);
        var holder = databases.putIfAbsent(key, c);
        if (holder != null && !(shared(holder.uses()) && shared(c.uses()) && holder.uses().mongodb().database().equals(mongo.database()))) {
          refusedMongo.add(c);
          refused.add(new RefusedUse(c.kind(), c.name(), "mongodb", DATABASE_IN_USE, "MongoDB database " + mongo.database()
              + " belongs to " + holder.kind() + " " + holder.name() + "; choose another uses.mongodb.database, or set shared: true"
              + " on both to share it"));
        }
      }
    }
    var granted = consumers.stream().map(c -> without(c, refusedRedis.contains(c), refusedMongo.contains(c))).toList();
    var grantedKeys = new java.util.HashSet<String>();
    for (var c : granted) {
      if (c.uses().redis() != null) grantedKeys.add(key(c, "redis"));
      if (c.uses().mongodb() != null) grantedKeys.add(key(c, "mongodb"));
    }
    return new Granted(granted, refused.isEmpty() ? null : List.copyOf(refused), java.util.Set.copyOf(grantedKeys));
  }

  private static String key(PlatformWorkloads.Consumer c, String dataService) {
    return c.kind() + "/" + c.name() + "/" + dataService;
  }

  private static PlatformWorkloads.Consumer without(PlatformWorkloads.Consumer c, boolean redis, boolean mongodb) {
    if (!redis && !mongodb) return c;
    return c.withUses(new Uses(mongodb ? null : c.uses().mongodb(), redis ? null : c.uses().redis(), c.uses().kafka()));
  }

  private static boolean shared(Uses uses) {
    return Boolean.TRUE.equals(uses.mongodb().shared());
  }

  /**
   * For a workload: the first of its uses that its Platform's status lists as refused, as the
   * workload's verdict. Its pods run, but without a user for that data.
   */
  public static Optional<Verdict> verdict(Platform platform, String kind, String name) {
    var refused = platform.getStatus() == null ? null : platform.getStatus().refusedUses();
    if (refused == null) return Optional.empty();
    return refused.stream().filter(r -> kind.equals(r.kind()) && name.equals(r.name())).findFirst()
        .map(r -> Verdict.degraded(r.reason(), r.message()));
  }

}
