package dev.keelson.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that run Keelson's reconcilers against the shared real API server: each test
 * gets a namespace of its own and an operator watching only that namespace.
 */
public abstract class OperatorTest {
  protected static RealApiServer server;
  protected static KubernetesClient client;
  protected RunningOperator operator;
  protected String namespace;

  @BeforeAll
  static void startServer() {
    server = RealApiServer.shared();
    client = server.client();
  }

  @BeforeEach
  void startOperator() {
    namespace = server.createNamespace(getClass().getSimpleName().replace("IT", "").toLowerCase());
    operator = startOperator(namespace);
  }

  /**
   * Creates a Service in the test's namespace with one HTTP port that uses what {@code uses} says
   * (flow-style YAML, e.g. {@code redis: {keyPrefix: orders}}).
   */
  protected dev.keelson.operator.api.v1alpha1.KeelsonService createServiceUsing(String name, String uses) {
    return createService(name, "user-service", "uses: {" + uses + "}");
  }

  /** Creates a Service in the test's namespace: one HTTP port, version 0.1.0 of the order service's image. */
  protected dev.keelson.operator.api.v1alpha1.KeelsonService createService(String name) {
    return createService(name, "order-service", "");
  }

  private dev.keelson.operator.api.v1alpha1.KeelsonService createService(String name, String image, String moreSpec) {
    return server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        metadata: {name: %s}
        spec:
          image: quay.io/keelson/%s:0.1.0
          ports: [{name: http, port: 8080}]
          %s
        """.formatted(name, image, moreSpec), dev.keelson.operator.api.v1alpha1.KeelsonService.class);
  }

  /**
   * The Secret of that name in the test's namespace once it holds that key: a workload's binding
   * gains a data service's entries an instant after the Platform reports the data service ready.
   */
  protected io.fabric8.kubernetes.api.model.Secret awaitSecretWith(String name, String key) {
    return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> client.secrets().inNamespace(namespace).withName(name).get(),
            s -> s != null && s.getData() != null && s.getData().containsKey(key));
  }

  /** The Secret of that name in the test's namespace, once it exists. */
  protected io.fabric8.kubernetes.api.model.Secret awaitSecret(String name) {
    return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> client.secrets().inNamespace(namespace).withName(name).get(), s -> s != null);
  }

  /** The operator of one test; a test class that needs it configured otherwise says how. */
  protected RunningOperator startOperator(String namespace) {
    return RunningOperator.start(server, namespace);
  }

  @AfterEach
  void stopOperator() {
    operator.close();
  }
}
