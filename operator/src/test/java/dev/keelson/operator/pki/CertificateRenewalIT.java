package dev.keelson.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.testing.MutableClock;
import dev.keelson.operator.testing.OperatorTest;
import dev.keelson.operator.testing.RunningOperator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The internal CA and the Services' certificates on a real API server, with the operator on a
 * clock the test moves to the renewal dates.
 */
class CertificateRenewalIT extends OperatorTest {
  final MutableClock clock = new MutableClock(Instant.now());

  @Override
  protected RunningOperator startOperator(String namespace) {
    return RunningOperator.withClock(server, namespace, clock);
  }

  @Test
  void certificatesAreIssuedRenewedBeforeExpiryAndReissuedWithBothCasTrustedWhenTheCaIsRenewed() {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec:
          security:
            tls: {enabled: true, caValidity: 10d, certValidity: 4d, renewBefore: 1d}
        """, Platform.class);
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        metadata: {name: orders}
        spec:
          image: quay.io/keelson/order-service:0.1.0
          ports: [{name: http, port: 8080}]
        """, KeelsonService.class);

    var ca = await().atMost(Duration.ofSeconds(20)).until(() -> secret("shop-ca"), s -> s != null);
    var first = await().atMost(Duration.ofSeconds(20)).until(() -> secret("orders-tls"), s -> s != null);
    X509Certificate firstCa = CertificateSecrets.certificate(ca);
    X509Certificate firstCert = CertificateSecrets.certificate(first);
    assertThat(first.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(CertificateAuthority.signedBy(firstCert, firstCa)).isTrue();
    assertThat(CertificateAuthority.dnsNames(firstCert)).contains("orders." + namespace + ".svc");
    var pod = await().atMost(Duration.ofSeconds(20)).until(() -> deploymentChecksum(), c -> c != null);
    assertThat(client.apps().deployments().inNamespace(namespace).withName("orders").get().getSpec().getTemplate().getSpec()
        .getContainers().get(0).getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tls"));

    // Past the certificate's renewal date (4d - 1d): a new certificate from the same CA, and the pods roll.
    clock.advance(Duration.ofHours(3 * 24 + 1));
    touch(KeelsonService.class, "orders");
    var renewed = await().atMost(Duration.ofSeconds(20)).until(() -> CertificateSecrets.certificate(secret("orders-tls")),
        c -> !c.equals(firstCert));
    assertThat(CertificateAuthority.signedBy(renewed, firstCa)).isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> !pod.equals(deploymentChecksum()));

    // Past the CA's renewal date (10d - 1d): a new CA; the old one stays trusted until it expires.
    clock.advance(Duration.ofDays(6));
    touch(Platform.class, "shop");
    var newCa = await().atMost(Duration.ofSeconds(20)).until(() -> CertificateSecrets.certificate(secret("shop-ca")),
        c -> !c.equals(firstCa));
    var renewalEvent = await().atMost(Duration.ofSeconds(20)).until(() -> client.v1().events().inNamespace(namespace).list().getItems()
        .stream().filter(e -> "shop".equals(e.getInvolvedObject().getName()) && "CertificateRenewed".equals(e.getReason())).findFirst(),
        java.util.Optional::isPresent).get();
    assertThat(renewalEvent.getType()).isEqualTo("Normal");
    assertThat(renewalEvent.getMessage()).isEqualTo("cluster local: the CA certificate was renewed; valid until "
        + newCa.getNotAfter().toInstant());
    var bundle = CertificateAuthority.certificates(dev.keelson.operator.reconcile.GeneratedSecrets.value(secret("shop-ca"), "ca.crt"));
    assertThat(bundle).containsExactly(newCa, firstCa);
    var reissued = await().atMost(Duration.ofSeconds(20)).until(() -> secret("orders-tls"),
        s -> CertificateAuthority.signedBy(CertificateSecrets.certificate(s), newCa));
    assertThat(CertificateAuthority.certificates(dev.keelson.operator.reconcile.GeneratedSecrets.value(reissued, "ca.crt")))
        .as("workloads trust both CAs while certificates of the old one are still in use").containsExactly(newCa, firstCa);
  }

  private Secret secret(String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  private String deploymentChecksum() {
    var deployment = client.apps().deployments().inNamespace(namespace).withName("orders").get();
    if (deployment == null || deployment.getSpec().getTemplate().getMetadata().getAnnotations() == null) return null;
    return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("keelson.dev/tls-checksum");
  }

  private void touch(Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> type, String name) {
    client.resources(type).inNamespace(namespace).withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"touched\":\"" + clock.instant().getEpochSecond() + "\"}}}");
  }
}
