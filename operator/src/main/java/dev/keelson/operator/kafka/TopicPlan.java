package dev.keelson.operator.kafka;

import dev.keelson.operator.api.v1alpha1.DeletionPolicy;
import dev.keelson.operator.api.v1alpha1.TopicStatus;
import dev.keelson.operator.kafka.KafkaAdmin.TopicSpec;
import dev.keelson.operator.kafka.KafkaAdmin.TopicState;
import dev.keelson.operator.status.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What to do on Kafka so that its topics match the workloads' declarations: a pure function of
 * the declarations, the Platform's defaults, the topics as Kafka reported them and the topics
 * Keelson managed before.
 *
 * @param statuses every managed topic's status as it will be once the actions succeed
 * @param released topics no longer declared and kept (deletionPolicy Retain, or not created by Keelson)
 */
public record TopicPlan(List<TopicSpec> create, SortedMap<String, Integer> increasePartitions,
    SortedMap<String, Map<String, String>> setConfigs, List<String> delete, List<String> released,
    SortedMap<String, TopicStatus> statuses) {
  static final int MAX_DECLARED_BY = 16;

  /** The Platform's settings for topics. */
  public record Defaults(String prefix, int partitions, int replicationFactor, Map<String, String> configs,
      DeletionPolicy deletionPolicy) {
    public Defaults {
      configs = Map.copyOf(configs);
    }
  }

  /**
   * A topic as the declarations, merged, want it.
   *
   * @param declaredConfigs the configs workloads declare, without the Platform's defaults: all that
   *     is set on a topic Keelson did not create
   * @param declaredPartitions the most partitions a workload declares, or null when none does: a
   *     topic Keelson did not create is held only to that, never to the Platform's default
   * @param declaredReplicationFactor likewise for the replication factor
   */
  public record Desired(TopicSpec spec, Map<String, String> declaredConfigs, Integer declaredPartitions, Integer declaredReplicationFactor,
      List<String> declaredBy) {}

  /**
   * Merges declarations per topic: the most partitions and the highest replication factor any
   * declaration asks for; configs start from the Platform's defaults, and where declarations
   * disagree the first workload in name order wins.
   */
  public static SortedMap<String, Desired> desired(Collection<TopicDeclaration> declarations, Defaults defaults) {
    var byTopic = declarations.stream()
        .sorted(Comparator.comparing(TopicDeclaration::declaredBy))
        .collect(Collectors.groupingBy(d -> defaults.prefix() + d.topic(), TreeMap::new, Collectors.toList()));
    var desired = new TreeMap<String, Desired>();
    byTopic.forEach((name, list) -> {
      int partitions = list.stream().mapToInt(d -> Objects.requireNonNullElse(d.partitions(), defaults.partitions())).max().orElseThrow();
      int replication = list.stream()
          .mapToInt(d -> Objects.requireNonNullElse(d.replicationFactor(), defaults.replicationFactor())).max().orElseThrow();
      var configs = new TreeMap<>(defaults.configs());
      var declared = new TreeMap<String, String>();
      list.forEach(d -> d.configs().forEach(declared::putIfAbsent));
      configs.putAll(declared);
      var by = list.stream().map(TopicDeclaration::declaredBy).distinct().toList();
      Integer declaredPartitions = list.stream().map(TopicDeclaration::partitions).filter(Objects::nonNull).max(Integer::compare).orElse(null);
      Integer declaredReplication = list.stream().map(TopicDeclaration::replicationFactor).filter(Objects::nonNull)
          .max(Integer::compare).orElse(null);
      desired.put(name, new Desired(new TopicSpec(name, partitions, replication, configs), Map.copyOf(declared), declaredPartitions,
          declaredReplication, by));
    });
    return desired;
  }

  /** The topics to ask Kafka about: the declared ones and those Keelson managed before. */
  public static SortedMap<String, Boolean> namesToDescribe(Map<String, Desired> desired, List<TopicStatus> previous) {
    var names = new TreeMap<String, Boolean>();
    desired.keySet().forEach(n -> names.put(n, true));
    if (previous != null) previous.forEach(t -> names.putIfAbsent(t.name(), false));
    return names;
  }

  /**
   * @param manageAdopted whether the declarations may change topics Keelson did not create
   *     ({@code adoptedTopics: Manage}); otherwise their partitions and configs stay as found
   */
  public static TopicPlan of(SortedMap<String, Desired> desired, Map<String, TopicState> existing,
      List<TopicStatus> previous, DeletionPolicy deletionPolicy, boolean manageAdopted) {
    var create = new ArrayList<TopicSpec>();
    var increase = new TreeMap<String, Integer>();
    var configs = new TreeMap<String, Map<String, String>>();
    var statuses = new TreeMap<String, TopicStatus>();
    var previousByName = previous == null ? Map.<String, TopicStatus>of()
        : previous.stream().collect(Collectors.toMap(TopicStatus::name, t -> t, (a, b) -> a));

    desired.forEach((name, want) -> {
      var spec = want.spec();
      var by = want.declaredBy().size() > MAX_DECLARED_BY ? want.declaredBy().subList(0, MAX_DECLARED_BY) : want.declaredBy();
      TopicState have = existing.get(name);
      if (have == null) {
        create.add(spec);
        statuses.put(name, new TopicStatus(name, spec.partitions(), spec.replicationFactor(), true, Reason.TOPIC_READY.toString(),
            asDeclared(spec.partitions()), TopicStatus.CREATED, by));
        return;
      }
      TopicStatus before = previousByName.get(name);
      String origin = before != null && before.origin() != null ? before.origin() : TopicStatus.ADOPTED;
      // The Platform's defaults are for topics Keelson creates; an adopted topic keeps its own, and what workloads
      // declare only where the Platform lets them (adoptedTopics: Manage).
      boolean created = TopicStatus.CREATED.equals(origin);
      if (!created && !manageAdopted) {
        statuses.put(name, new TopicStatus(name, have.partitions(), have.replicationFactor(), true, Reason.TOPIC_READY.toString(),
            keptAsFound(name, want, have), origin, by));
        return;
      }
      var wantedConfigs = created ? spec.configs() : want.declaredConfigs();
      int wantedPartitions = created ? spec.partitions() : Objects.requireNonNullElse(want.declaredPartitions(), have.partitions());
      int wantedReplication = created ? spec.replicationFactor()
          : Objects.requireNonNullElse(want.declaredReplicationFactor(), have.replicationFactor());
      var changedConfigs = new TreeMap<String, String>();
      wantedConfigs.forEach((k, v) -> {
        if (!v.equals(have.configs().get(k))) changedConfigs.put(k, v);
      });
      if (!changedConfigs.isEmpty()) configs.put(name, changedConfigs);
      var problems = new ArrayList<String>();
      Reason reason = Reason.TOPIC_READY;
      int partitions = have.partitions();
      if (wantedPartitions > have.partitions()) {
        increase.put(name, wantedPartitions);
        partitions = wantedPartitions;
      } else if (wantedPartitions < have.partitions()) {
        reason = Reason.PARTITION_DECREASE_REFUSED;
        problems.add("topic " + name + " has " + have.partitions() + " partitions and partitions can only grow; "
            + "the declared " + wantedPartitions + " is refused (declare " + have.partitions() + " or more)");
      }
      if (wantedReplication != have.replicationFactor()) {
        if (Reason.TOPIC_READY.equals(reason)) reason = Reason.REPLICATION_FACTOR_IMMUTABLE;
        problems.add("topic " + name + " has replication factor " + have.replicationFactor()
            + ", which cannot change; the declared " + wantedReplication + " is not applied");
      }
      String message = problems.isEmpty() ? asDeclared(partitions) : String.join("; ", problems);
      statuses.put(name, new TopicStatus(name, partitions, have.replicationFactor(), problems.isEmpty(), reason.toString(), message,
          origin, by));
    });

    var delete = new ArrayList<String>();
    var released = new ArrayList<String>();
    for (var before : new TreeSet<>(previousByName.keySet())) {
      if (desired.containsKey(before)) continue;
      boolean created = TopicStatus.CREATED.equals(previousByName.get(before).origin());
      if (deletionPolicy == DeletionPolicy.Delete && created && existing.containsKey(before)) {
        delete.add(before);
      } else {
        released.add(before);
      }
    }
    return new TopicPlan(create, increase, configs, delete, released, statuses);
  }

  /** An adopted topic left as found: what the workloads declare of it that is not so, if anything. */
  private static String keptAsFound(String name, Desired want, TopicState have) {
    var differs = new ArrayList<String>();
    if (want.declaredPartitions() != null && !want.declaredPartitions().equals(have.partitions())) {
      differs.add(want.declaredPartitions() + " partitions (it has " + have.partitions() + ")");
    }
    if (want.declaredReplicationFactor() != null && !want.declaredReplicationFactor().equals(have.replicationFactor())) {
      differs.add("replication factor " + want.declaredReplicationFactor() + " (it has " + have.replicationFactor() + ")");
    }
    want.declaredConfigs().forEach((k, v) -> {
      if (!v.equals(have.configs().get(k))) differs.add(k + "=" + v);
    });
    String kept = asDeclared(have.partitions());
    if (differs.isEmpty()) return kept;
    return kept + "; topic " + name + " was there before Keelson and is kept as found, so the declared " + String.join(", ", differs)
        + " is not applied (the Platform's adoptedTopics: Manage would apply it)";
  }

  /** The same words whether the topic was just created or found in place, so that a resync changes no status. */
  static String asDeclared(int partitions) {
    return partitions + " partitions, as declared";
  }

  /** Whether Kafka needs no request: nothing to create, grow, set or delete. */
  public boolean empty() {
    return create.isEmpty() && increasePartitions.isEmpty() && setConfigs.isEmpty() && delete.isEmpty();
  }
}
