package dev.keelson.operator.workload;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.TreeMap;

/**
 * The binding Secret: the connection details of every data service the workload declares, mounted
 * at /bindings; only when it declares one.
 */
public class WorkloadBindingSecretDependent extends WorkloadDependent<Secret> {

  @Override
  public Class<Secret> resourceType() {
    return Secret.class;
  }

  @Override
  public String name(WorkloadModel model) {
    return model.identity().bindingSecretName();
  }

  @Override
  public boolean wanted(WorkloadModel model) {
    return !model.dataAccess().binding().isEmpty();
  }

  @Override
  public Secret desired(WorkloadModel model) {
    // data, not stringData: the API server stores only data, and the "already so?" check compares with it.
    var data = new TreeMap<String, String>();
    model.dataAccess().binding().forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder().withMetadata(metadata(model)).withType("Opaque").withData(data).build();
  }
}
