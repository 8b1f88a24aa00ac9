package dev.keelson.operator.mongodb;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.Uses;
import dev.keelson.operator.status.DataServiceReadiness;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import java.util.Optional;

/** How the MongoDB a workload declares stands, read from its Platform's status. */
public final class MongoReadiness {
  private MongoReadiness() {}

  /** A verdict when the workload uses MongoDB and it is not ready; empty otherwise. */
  public static Optional<Verdict> of(Platform platform, Uses uses) {
    if (uses == null || uses.mongodb() == null) return Optional.empty();
    var status = platform.getStatus() == null ? null : platform.getStatus().mongodb();
    return DataServiceReadiness.of(platform, "MongoDB", "mongodb", platform.getSpec().mongodb() != null, Reason.MONGO_DB_NOT_PROVIDED,
        Reason.MONGO_DB_PENDING,
        status == null ? null : new DataServiceReadiness.Observed(status.ready(), Reason.named(status.reason()), status.message()),
        Reason.MONGO_DB_UNAVAILABLE, Reason.MEMBER_CHANGE_REFUSED);
  }
}
