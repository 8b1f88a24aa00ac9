package dev.keelson.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.RefusedUse;
import dev.keelson.operator.api.v1alpha1.Uses;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataClaimsTest {
  static final String T0 = "2026-12-01T10:00:00Z";
  static final String T1 = "2026-12-01T10:00:05Z";

  @Test
  void theFirstToAskHoldsAKeyPrefixAndALaterOneIsRefusedIt() {
    var granted = DataClaims.grant(List.of(redis("Service", "late", T1, "orders"), redis("Service", "orders", T0, "orders")), null, Set.of());
    assertThat(granted.refused()).containsExactly(new RefusedUse("Service", "late", "redis", DataClaims.KEY_PREFIX_IN_USE,
        "Redis key prefix orders belongs to Service orders; choose another uses.redis.keyPrefix"));
    assertThat(granted.consumers()).filteredOn(c -> c.name().equals("late")).allSatisfy(c -> assertThat(c.uses().redis()).isNull());
    assertThat(granted.granted()).containsExactly("Service/orders/redis");
  }

  @Test
  void aHolderKeepsItsPrefixAgainstANewcomerOfTheSameSecondAndNameOrder() {
    var consumers = List.of(redis("Service", "orders", T0, "orders"), redis("Service", "aardvark", T0, "orders"));
    assertThat(DataClaims.grant(consumers, null, Set.of()).granted()).containsExactly("Service/aardvark/redis");
    var sticky = DataClaims.grant(consumers, null, Set.of("Service/orders/redis"));
    assertThat(sticky.granted()).containsExactly("Service/orders/redis");
    assertThat(sticky.refused()).extracting(RefusedUse::name).containsExactly("aardvark");
  }

  @Test
  void aDatabaseIsSharedOnlyWhenEveryWorkloadUsingItSaysSoAndCaseDoesNotMakeItAnother() {
    var granted = DataClaims.grant(List.of(
        mongo("Service", "reports-a", T0, "reports", true),
        mongo("WorkerPool", "reports-b", T1, "reports", true),
        mongo("Service", "reports-c", T1, "reports", false),
        mongo("Service", "thief", T1, "REPORTS", true)), null, Set.of());
    assertThat(granted.refused()).extracting(RefusedUse::name).containsExactly("reports-c", "thief");
    assertThat(granted.granted()).containsExactlyInAnyOrder("Service/reports-a/mongodb", "WorkerPool/reports-b/mongodb");
  }

  @Test
  void noClaimNoRefusal() {
    var granted = DataClaims.grant(List.of(redis("Service", "a", T0, "a"), redis("Service", "b", T0, "b")), null, Set.of());
    assertThat(granted.refused()).isNull();
  }

  private static PlatformWorkloads.Consumer redis(String kind, String name, String created, String prefix) {
    return new PlatformWorkloads.Consumer(kind, name, created, new Uses(null, new Uses.RedisUse(prefix), null), null);
  }

  private static PlatformWorkloads.Consumer mongo(String kind, String name, String created, String database, boolean shared) {
    return new PlatformWorkloads.Consumer(kind, name, created, new Uses(new Uses.MongoDbUse(database, shared), null, null), null);
  }
}
