package dev.keelson.operator.status;

import static dev.keelson.operator.testing.StatusAssert.hasReadyReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.ServiceStatus;
import dev.keelson.operator.testing.ArgoCdHealth;
import dev.keelson.operator.testing.DeploymentController;
import dev.keelson.operator.testing.Kstatus;
import dev.keelson.operator.testing.OperatorTest;
import dev.keelson.operator.testing.StatusAssert;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What the GitOps tools make of Keelson's objects, asked of their own code on the live objects of a
 * real API server. kstatus (sigs.k8s.io/cli-utils, what Flux's health checks and kpt use): Current
 * only when Ready, InProgress while work progresses or waits, Failed when it cannot progress
 * without a change. Argo CD (Keelson's health.lua, run by the Lua interpreter Argo CD embeds, with
 * the libraries it gives a script): Healthy, Progressing, Suspended when paused, Degraded.
 */
class GitOpsHealthIT extends OperatorTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aServiceIsInProgressWhileItRollsOutAndCurrentOnceReady() {
    var platform = createPlatform("shop", "");
    createService("orders", "");
    var rolling = awaitService("orders", s -> hasReadyReason(s, Reason.DEPLOYMENT_PROGRESSING));
    String progress = StatusAssert.ready(rolling.getStatus()).getMessage();
    assertThat(Kstatus.of(rolling)).isEqualTo(new Kstatus.Result(Kstatus.IN_PROGRESS, progress));
    assertThat(ArgoCdHealth.of(rolling)).isEqualTo(new ArgoCdHealth.Result(ArgoCdHealth.PROGRESSING, "DeploymentProgressing: " + progress));

    DeploymentController.rollOut(client, namespace, "orders");
    var ready = awaitService("orders", StatusAssert::isReady);
    assertThat(Kstatus.of(ready).status()).isEqualTo(Kstatus.CURRENT);
    assertThat(ArgoCdHealth.of(ready)).isEqualTo(new ArgoCdHealth.Result(ArgoCdHealth.HEALTHY, "2/2 pods available"));
    var readyPlatform = await().atMost(WAIT).until(() -> client.resource(platform).get(), p -> StatusAssert.isReady(p.getStatus()));
    assertThat(Kstatus.of(readyPlatform).status()).isEqualTo(Kstatus.CURRENT);
    assertThat(ArgoCdHealth.of(readyPlatform).status()).isEqualTo(ArgoCdHealth.HEALTHY);
    // What Prometheus would scrape, from the same reconciles.
    var metrics = operator.metrics();
    assertThat(metrics.get("keelson_cluster_ready").tags("namespace", namespace, "platform", "shop", "cluster", "local").gauge().value())
        .isEqualTo(1.0);
    assertThat(metrics.get("keelson_resources").tags("kind", "Service", "ready", "True", "reason", "Available").gauge().value())
        .isEqualTo(1.0);
  }

  @Test
  void aServiceWhoseDeploymentTheApiServerRefusesIsFailedWithTheServersWords() {
    createPlatform("shop", "");
    // Requests above limits: the CRD takes it, the API server refuses the pod template.
    createService("orders", "resources: {requests: {cpu: \"2\"}, limits: {cpu: \"1\"}}");
    var refused = awaitService("orders", s -> hasReadyReason(s, Reason.INVALID_SPEC));
    var verdict = Kstatus.of(refused);
    assertThat(verdict.status()).isEqualTo(Kstatus.FAILED);
    assertThat(verdict.message()).startsWith("the API server rejected Deployment orders").contains("must be less than or equal to cpu limit");
    assertThat(ArgoCdHealth.of(refused)).isEqualTo(new ArgoCdHealth.Result(ArgoCdHealth.DEGRADED, "InvalidSpec: " + verdict.message()));
  }

  @Test
  void aNameClashIsFailed() {
    client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata().withName("billing")
        .endMetadata().build()).create();
    createPlatform("shop", "");
    createService("billing", "");
    var clash = awaitService("billing", s -> hasReadyReason(s, Reason.NAME_CONFLICT));
    assertThat(Kstatus.of(clash).status()).isEqualTo(Kstatus.FAILED);
    assertThat(ArgoCdHealth.of(clash).status()).isEqualTo(ArgoCdHealth.DEGRADED);
  }

  @Test
  void aPlatformWhoseClusterHasNoUsableKubeconfigIsFailedAndAPausedServiceIsInProgress() {
    var platform = createPlatform("shop", """
        clusters: [{name: ovh, kubeconfigSecretRef: {name: ovh-kubeconfig, key: kubeconfig}}]""");
    var stalled = await().atMost(WAIT).until(() -> client.resource(platform).get(),
        p -> p.getStatus() != null && hasReadyReason(p.getStatus(), Reason.INVALID_KUBECONFIG));
    var verdict = Kstatus.of(stalled);
    assertThat(verdict.status()).isEqualTo(Kstatus.FAILED);
    assertThat(verdict.message()).contains("ovh-kubeconfig");
    assertThat(ArgoCdHealth.of(stalled).status()).isEqualTo(ArgoCdHealth.DEGRADED);

    createService("paused", "", "metadata: {name: paused, annotations: {keelson.dev/paused: \"true\"}}");
    var paused = awaitService("paused", s -> hasReadyReason(s, Reason.PAUSED));
    assertThat(Kstatus.of(paused).status()).as("paused: not Current, not Failed").isEqualTo(Kstatus.IN_PROGRESS);
    assertThat(ArgoCdHealth.of(paused)).isEqualTo(new ArgoCdHealth.Result(ArgoCdHealth.SUSPENDED,
        "reconciliation is paused by the annotation keelson.dev/paused=true; remove it to resume"));
  }

  @Test
  void everyHealthTestCaseOfTheArgoCdChecksPasses() {
    var run = ArgoCdHealth.runHealthTests();
    assertThat(run.text()).endsWith("24 passed, 0 failed");
    assertThat(run.exitCode()).isZero();
  }

  private Platform createPlatform(String name, String moreSpec) {
    return server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: %s}
        spec:
          profile: dev
          %s
        """.formatted(name, moreSpec.replace("\n", "\n  ")), Platform.class);
  }

  private void createService(String name, String moreSpec) {
    createService(name, moreSpec, "metadata: {name: " + name + "}");
  }

  private void createService(String name, String moreSpec, String metadata) {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        %s
        spec:
          image: quay.io/keelson/order-service:0.1.0
          ports: [{name: http, port: 8080}]
          %s
        """.formatted(metadata, moreSpec), KeelsonService.class);
  }

  private KeelsonService awaitService(String name, Predicate<ServiceStatus> condition) {
    return await().atMost(WAIT).until(() -> client.resources(KeelsonService.class).inNamespace(namespace).withName(name).get(),
        s -> s != null && s.getStatus() != null && s.getStatus().conditions() != null && condition.test(s.getStatus()));
  }
}
