package dev.keelson.operator.service;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.TreeMap;

/**
 * The binding Secret: the connection details of every data service the Service declares, mounted
 * at /bindings; only when it declares one.
 */
public class ServiceBindingSecretDependent extends ServiceDependent<Secret> {

  @Override
  public Class<Secret> resourceType() {
    return Secret.class;
  }

  @Override
  public String name(ServiceModel model) {
    return model.bindingSecretName();
  }

  @Override
  public boolean wanted(ServiceModel model) {
    return !model.binding().isEmpty();
  }

  @Override
  public Secret desired(ServiceModel model) {
    // data, not stringData: the API server stores only data, and the "already so?" check compares with it.
    var data = new TreeMap<String, String>();
    model.binding().forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder().withMetadata(metadata(model)).withType("Opaque").withData(data).build();
  }
}
