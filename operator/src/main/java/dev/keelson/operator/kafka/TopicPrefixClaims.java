package dev.keelson.operator.kafka;

import dev.keelson.operator.api.v1alpha1.Platform;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which Platform holds a topic prefix on a Kafka. Two Platforms, in any namespaces, whose prefixes
 * on the same Kafka overlap (one begins with the other, as {@code shop.} and {@code shop.eu.}) would
 * each take the other's topics for their own: adopt them, change their partitions and configs, and
 * under {@code deletionPolicy: Delete} delete them. So the prefix belongs to one: the Platform that
 * held it at the previous sync, else the one created first (then by namespace and name). Another
 * Platform gets no topic there and says why, until it chooses a prefix of its own.
 */
public final class TopicPrefixClaims {
  private TopicPrefixClaims() {}

  /** One Platform's prefix on one Kafka. */
  record Claim(String kafka, String prefix, Platform platform) {
    String key() {
      return platform.getMetadata().getUid() + "|" + kafka + "|" + prefix;
    }

    String display() {
      return platform.getMetadata().getNamespace() + "/" + platform.getMetadata().getName();
    }
  }

  /**
   * Why {@code platform} may not manage topics on {@code kafka}: the Platform that holds an
   * overlapping prefix there; empty when it holds its own.
   *
   * @param all every Platform the operator watches, this one included
   * @param heldBefore the claims ({@link #key}) granted at the previous sync
   */
  public static Optional<String> refusal(Platform platform, PlatformKafkas.PlatformKafka kafka, Collection<Platform> all,
      Set<String> heldBefore) {
    var mine = claim(platform, kafka);
    var rivals = all.stream().filter(p -> !p.getMetadata().getUid().equals(platform.getMetadata().getUid()))
        .flatMap(p -> PlatformKafkas.all(p).stream().filter(k -> k.id().equals(mine.kafka()))
            .map(k -> claim(p, k)))
        .filter(c -> c.prefix().startsWith(mine.prefix()) || mine.prefix().startsWith(c.prefix()))
        .toList();
    if (rivals.isEmpty()) return Optional.empty();
    Comparator<Claim> order = Comparator.<Claim, Integer>comparing(c -> heldBefore.contains(c.key()) ? 0 : 1)
        .thenComparing(c -> c.platform().getMetadata().getCreationTimestamp(), Comparator.nullsLast(String::compareTo))
        .thenComparing(Claim::display);
    var first = Stream.concat(Stream.of(mine), rivals.stream()).min(order).orElseThrow();
    if (first == mine) return Optional.empty();
    return Optional.of("topic prefix '" + mine.prefix() + "' on Kafka " + kafka.bootstrapServers() + " overlaps prefix '" + first.prefix()
        + "' of Platform " + first.display() + ", which holds it; Keelson leaves the topics there alone until this Platform chooses "
        + "a prefix of its own (topicPrefix of spec.kafka or of the cluster's overrides.kafka)");
  }

  /** The key of a Platform's claim on a Kafka, for {@code heldBefore} at the next sync. */
  public static String key(Platform platform, PlatformKafkas.PlatformKafka kafka) {
    return claim(platform, kafka).key();
  }

  private static Claim claim(Platform platform, PlatformKafkas.PlatformKafka kafka) {
    return new Claim(kafka.id(), PlatformKafkas.prefix(platform, kafka.spec()), platform);
  }
}
