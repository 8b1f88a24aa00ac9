package dev.keelson.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.testing.KafkaBroker;
import dev.keelson.operator.testing.OperatorTest;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every pod Keelson's objects ask for is admitted by the API server's Pod Security admission at
 * the "restricted" level: the Deployments of a Service and a WorkerPool, and the StatefulSets of
 * Redis, its Sentinels and MongoDB. Each pod template is submitted as a Pod (server-side dry run)
 * into a namespace that enforces the level, which is the admission the ReplicaSet and StatefulSet
 * controllers' pods meet. (hack/run-local.sh has the real controllers create them on such
 * namespaces.)
 */
class PodSecurityIT extends OperatorTest {

  @Test
  void everyPodTemplateKeelsonWritesIsAdmittedUnderRestricted() {
    client.namespaces().withName(namespace).edit(n -> new io.fabric8.kubernetes.api.model.NamespaceBuilder(n).editMetadata()
        .addToLabels("pod-security.kubernetes.io/enforce", "restricted").endMetadata().build());
    // Enforcement is on: a pod that breaks the level is refused.
    assertThatThrownBy(() -> client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName("root")
        .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).dryRun().create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getMessage()).contains("violates PodSecurity \"restricted"));

    var kafka = KafkaBroker.shared();
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec:
          profile: prod
          kafka: {bootstrapServers: "%s", topicDefaults: {partitions: 1, replicationFactor: 1}}
          redis: {mode: sentinel}
          mongodb: {members: 3}
          security: {tls: {enabled: true}}
        """.formatted(kafka.bootstrapServers()), Platform.class);
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        metadata: {name: orders}
        spec:
          image: quay.io/keelson/order-service:0.1.0
          ports: [{name: http, port: 8080}]
          config: {a: b}
          uses: {redis: {keyPrefix: orders}, mongodb: {database: orders}, kafka: {produces: [{topic: order-events}]}}
        """, KeelsonService.class);
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: WorkerPool
        metadata: {name: notifications}
        spec:
          image: quay.io/keelson/notification-worker:0.1.0
          queue: {topic: order-events}
          uses: {mongodb: {database: notifications}}
        """, WorkerPool.class);

    var claims = new java.util.HashMap<String, java.util.List<String>>();
    var templates = await().atMost(Duration.ofSeconds(60)).until(() -> templates(claims), t -> t.keySet().containsAll(
        java.util.List.of("Deployment orders", "Deployment notifications", "StatefulSet shop-redis", "StatefulSet shop-redis-sentinel",
            "StatefulSet shop-mongodb")));
    templates.forEach((owner, template) -> {
      var pod = new PodBuilder().withMetadata(template.getMetadata()).editMetadata().withName(owner.toLowerCase().replace(' ', '-'))
          .withNamespace(namespace).endMetadata().withSpec(template.getSpec()).build();
      // As the StatefulSet controller does: each claim template becomes a volume of the pod's own claim.
      claims.getOrDefault(owner, java.util.List.of()).forEach(claim -> pod.getSpec().getVolumes().add(new io.fabric8.kubernetes.api.model.VolumeBuilder()
          .withName(claim).withNewPersistentVolumeClaim().withClaimName(claim + "-" + owner.substring("StatefulSet ".length()) + "-0")
          .endPersistentVolumeClaim().build()));
      var admitted = client.pods().inNamespace(namespace).resource(pod).dryRun().create();
      assertThat(admitted.getMetadata().getName()).as(owner).isEqualTo(pod.getMetadata().getName());
    });
  }

  /** The pod templates by owner, and the claim templates of each StatefulSet into {@code claims}. */
  private Map<String, PodTemplateSpec> templates(Map<String, java.util.List<String>> claims) {
    var templates = new LinkedHashMap<String, PodTemplateSpec>();
    client.apps().deployments().inNamespace(namespace).list().getItems()
        .forEach(d -> templates.put("Deployment " + d.getMetadata().getName(), d.getSpec().getTemplate()));
    client.apps().statefulSets().inNamespace(namespace).list().getItems()
        .forEach(s -> {
          templates.put("StatefulSet " + s.getMetadata().getName(), s.getSpec().getTemplate());
          claims.put("StatefulSet " + s.getMetadata().getName(), java.util.Optional.ofNullable(s.getSpec().getVolumeClaimTemplates())
              .orElse(java.util.List.of()).stream().map(c -> c.getMetadata().getName()).toList());
        });
    return templates;
  }
}
