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

  /** The operator of one test; a test class that needs it configured otherwise says how. */
  protected RunningOperator startOperator(String namespace) {
    return RunningOperator.start(server, namespace);
  }

  @AfterEach
  void stopOperator() {
    operator.close();
  }
}
