package dev.keelson.operator.leadership;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;

/**
 * A client of its own for the Lease's few requests outside the election (a readiness probe, the
 * release at shutdown): the operator's credentials, but short timeouts and no retries, so that an
 * API server out of reach is an answer within seconds rather than a wait through the operator
 * client's backoff.
 */
final class ShortRequests {
  private ShortRequests() {}

  static KubernetesClient client(KubernetesClient operator, Duration timeout) {
    int millis = (int) timeout.toMillis();
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(operator.getConfiguration())
        .withRequestTimeout(millis).withConnectionTimeout(millis).withRequestRetryBackoffLimit(0).build()).build();
  }
}
