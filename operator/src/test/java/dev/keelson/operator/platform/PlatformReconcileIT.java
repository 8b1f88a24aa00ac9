package dev.keelson.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.keelson.operator.testing.StatusAssert.ready;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.PlatformStatus;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.testing.OperatorTest;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Platform's own status and objects, on a real API server. */
class PlatformReconcileIT extends OperatorTest {

  @Test
  void aPlatformIsReadyWithItsClustersAndItsDefaultDenyPolicy() {
    var platform = create("""
        spec:
          clusters:
          - {name: primary, inCluster: true, labels: {role: primary}}
        """);
    var status = awaitStatus(platform, s -> Conditions.TRUE.equals(ready(s).getStatus()));
    assertThat(status.clusterSummary()).isEqualTo("1/1");
    assertThat(status.clusters()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("primary"));
    var policy = client.network().networkPolicies().inNamespace(namespace).withName("keelson-default-deny").get();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
  }

  @Test
  void whatTheSchemaCannotCheckIsReportedAsInvalidSpec() {
    var platform = create("""
        spec:
          security:
            tls: {certValidity: 30d, renewBefore: 30d}
        """);
    var status = awaitStatus(platform, s -> "InvalidSpec".equals(ready(s).getReason()));
    assertThat(ready(status).getMessage()).isEqualTo("security.tls.renewBefore (30d) must be shorter than security.tls.certValidity (30d), "
        + "or certificates would be renewed as soon as they are issued");
    assertThat(Conditions.find(status.conditions(), Conditions.RECONCILED).orElseThrow().getStatus()).isEqualTo("False");
    assertThat(client.network().networkPolicies().inNamespace(namespace).withName("keelson-default-deny").get())
        .as("nothing applied for an invalid spec").isNull();
  }

  @Test
  void networkPolicyNoneRemovesTheDefaultDenyPolicy() {
    var platform = create("spec: {}\n");
    var policies = client.network().networkPolicies().inNamespace(namespace).withName("keelson-default-deny");
    await().atMost(Duration.ofSeconds(20)).until(() -> policies.get() != null);
    client.resources(Platform.class).inNamespace(namespace).withName("shop")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"security\":{\"networkPolicy\":\"None\"}}}");
    await().atMost(Duration.ofSeconds(20)).until(() -> policies.get() == null);
  }

  private Platform create(String spec) {
    return server.create(namespace, "apiVersion: platform.keelson.dev/v1alpha1\nkind: Platform\nmetadata: {name: shop}\n" + spec,
        Platform.class);
  }

  private PlatformStatus awaitStatus(Platform platform, java.util.function.Predicate<PlatformStatus> condition) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> client.resource(platform).get().getStatus(),
        s -> s != null && s.conditions() != null && condition.test(s));
  }
}
