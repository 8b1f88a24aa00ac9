package dev.keelson.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.RefusedUse;
import dev.keelson.operator.api.v1alpha1.Uses;
import dev.keelson.operator.dataservice.DataConsumer;
import dev.keelson.operator.status.Reason;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataClaimsTest {
  static final String T0 = "2026-12-01T10:00:00Z";
  static final String T1 = "2026-12-01T10:00:05Z";

  @Test
  void theFirstToAskHoldsAKeyPrefixAndALaterOneIsRefusedIt() {
    var granted = DataClaims.grant(List.of(redis("Service", "late", T1, "orders"), redis("Service", "orders", T0, "orders")), null, Set.of());
    assertThat(granted.refused()).containsExactly(new RefusedUse("Service", "late", "redis", Reason.REDIS_KEY_PREFIX_IN_USE.toString(),
        "Redis key prefix orders belongs to Service orders; choose another uses.redis.keyPrefix"));
    assertThat(granted.consumers()).filteredOn(c -> c.name().equals("late")).allSatisfy(c -> assertThat(c.uses().redis()).isNull());
    assertThat(granted.granted()).containsExactly("Service/orders/redis/orders");
  }

  @Test
  void aHolderKeepsItsPrefixAgainstANewcomerOfTheSameSecondAndNameOrder() {
    var consumers = List.of(redis("Service", "orders", T0, "orders"), redis("Service", "aardvark", T0, "orders"));
    assertThat(DataClaims.grant(consumers, null, Set.of()).granted()).containsExactly("Service/aardvark/redis/orders");
    var sticky = DataClaims.grant(consumers, null, Set.of("Service/orders/redis/orders"));
    assertThat(sticky.granted()).containsExactly("Service/orders/redis/orders");
    assertThat(sticky.refused()).extracting(RefusedUse::name).containsExactly("aardvark");
  }

  @Test
  void anOlderWorkloadSwitchingToAnotherOnesPrefixDoesNotTakeIt() {
    // "attacker" was created first and held its own prefix; it now asks for the victim's.
    var before = Set.of("Service/attacker/redis/attacker", "Service/victim/redis/payments");
    var granted = DataClaims.grant(List.of(redis("Service", "attacker", T0, "payments"), redis("Service", "victim", T1, "payments")),
        null, before);
    assertThat(granted.granted()).containsExactly("Service/victim/redis/payments");
    assertThat(granted.refused()).extracting(RefusedUse::name).containsExactly("attacker");
    // After a restart the refusal the status recorded keeps it behind.
    var restarted = DataClaims.grant(List.of(redis("Service", "attacker", T0, "payments"), redis("Service", "victim", T1, "payments")),
        granted.refused(), Set.of());
    assertThat(restarted.granted()).containsExactly("Service/victim/redis/payments");
  }

  @Test
  void aDatabaseIsSharedOnlyWithTheWorkloadsItsHolderNamesAndCaseDoesNotMakeItAnother() {
    var granted = DataClaims.grant(List.of(
        mongo("Service", "reports", T0, "reports", List.of("reports-workers")),
        mongo("WorkerPool", "reports-workers", T1, "reports", List.of()),
        mongo("Service", "intruder", T1, "reports", List.of("reports")),
        mongo("Service", "thief", T1, "REPORTS", null)), null, Set.of());
    assertThat(granted.refused()).extracting(RefusedUse::name).containsExactly("intruder", "thief");
    assertThat(granted.granted()).containsExactlyInAnyOrder("Service/reports/mongodb/reports", "WorkerPool/reports-workers/mongodb/reports");
  }

  @Test
  void aRefusedUseLeavesTheWorkloadsOtherUses() {
    var both = new DataConsumer("Service", "late", T1,
        new Uses(new Uses.MongoDbUse("late"), new Uses.RedisUse("orders"), null), null);
    var granted = DataClaims.grant(List.of(redis("Service", "orders", T0, "orders"), both), null, Set.of());
    assertThat(granted.granted()).containsExactlyInAnyOrder("Service/orders/redis/orders", "Service/late/mongodb/late");
  }

  @Test
  void noClaimNoRefusal() {
    var granted = DataClaims.grant(List.of(redis("Service", "a", T0, "a"), redis("Service", "b", T0, "b")), null, Set.of());
    assertThat(granted.refused()).isNull();
  }

  private static DataConsumer redis(String kind, String name, String created, String prefix) {
    return new DataConsumer(kind, name, created, new Uses(null, new Uses.RedisUse(prefix), null), null);
  }

  private static DataConsumer mongo(String kind, String name, String created, String database, List<String> sharedWith) {
    return new DataConsumer(kind, name, created, new Uses(new Uses.MongoDbUse(database, sharedWith), null, null), null);
  }
}
