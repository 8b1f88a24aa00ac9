package dev.keelson.operator.pki;

import dev.keelson.operator.api.v1alpha1.DeletionPolicy;
import dev.keelson.operator.dataservice.ClusterScope;
import dev.keelson.operator.dataservice.DataService;
import dev.keelson.operator.dataservice.DataServiceObjects;
import dev.keelson.operator.dataservice.PlatformScope;
import dev.keelson.operator.dataservice.StatusSlices;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.reconcile.Ownership;
import dev.keelson.operator.reconcile.RetainedSecrets;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * A Platform's internal CA on each target cluster, when its security.tls is on: the Secret holding
 * it, kept with the data (certificates it signed stay trusted) and renewed before it expires; one
 * that is gone is made anew and reissues the data services' certificates ({@link ServerCertificates}).
 * The data services after it need it, so they wait where it fails. It has no status of its own.
 */
@ApplicationScoped
public class PlatformCa implements DataService<Void> {

  @Override
  public String name() {
    return "ca";
  }

  @Override
  public Class<Void> statusType() {
    return Void.class;
  }

  @Override
  public List<Class<? extends HasMetadata>> ownedTypes() {
    return List.of(Secret.class);
  }

  @Override
  public boolean prerequisite() {
    return true;
  }

  @Override
  public Void lastReported(StatusSlices slices) {
    return null;
  }

  @Override
  public OnCluster<Void> reconcile(ClusterScope scope, Void lastReported) {
    var platform = scope.platform();
    var tls = TlsSettings.of(platform);
    if (tls == null) return OnCluster.absent();
    String name = TlsSettings.caSecretName(platform.getMetadata().getName());
    try {
      var metadata = RetainedSecrets.metadata(DataServiceObjects.platformObject(platform.getMetadata().getName(),
          platform.getMetadata().getNamespace(), name, Ownership.controlledBy(platform, scope.cluster())),
          platform.getSpec().deletionPolicy() == null ? DeletionPolicy.Retain : platform.getSpec().deletionPolicy());
      var ca = RetainedSecrets.align(scope.context(), scope.cluster(),
          CertificateSecrets.ensureCa(scope.context(), scope.cluster(), metadata, tls, scope.now()), metadata);
      return new OnCluster<>(null, null, false, CaRotation.renewAt(CertificateSecrets.certificate(ca), tls.renewBefore()));
    } catch (KubernetesClientException e) {
      return new OnCluster<>(ApplyFailure.verdict("Secret " + name, e), null, false, null);
    }
  }

  @Override
  public Summary<Void> summarize(PlatformScope scope, Void lastReported, List<Void> onClusters) {
    return Summary.of(null);
  }

  @Override
  public StatusSlices report(StatusSlices slices, Void summary) {
    return slices;
  }
}
