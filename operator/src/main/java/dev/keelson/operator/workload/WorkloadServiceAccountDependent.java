package dev.keelson.operator.workload;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/** The Service's own ServiceAccount; its token is mounted only when the spec asks for it. */
public class WorkloadServiceAccountDependent extends WorkloadDependent<ServiceAccount> {

  @Override
  public Class<ServiceAccount> resourceType() {
    return ServiceAccount.class;
  }

  @Override
  public ServiceAccount desired(WorkloadModel model) {
    return new ServiceAccountBuilder()
        .withMetadata(metadata(model))
        .withAutomountServiceAccountToken(model.pods().automountServiceAccountToken())
        .build();
  }
}
