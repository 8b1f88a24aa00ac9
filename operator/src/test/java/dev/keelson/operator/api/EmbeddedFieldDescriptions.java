package dev.keelson.operator.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Descriptions for the schema parts the CRD generator cannot describe: the top-level spec and
 * status, and the Kubernetes types embedded in the API (EnvVar, ResourceRequirements,
 * Condition), whose Java classes carry no descriptions. Generation fails on any
 * property left without one, so {@code kubectl explain} documents every field.
 */
final class EmbeddedFieldDescriptions {
  private static final Map<String, String> SPEC = Map.of(
      "Platform", "What the Platform should be: its target clusters, profile, shared data services and security defaults.",
      "Service", "What the Service runs, how it scales and is reached, and which data services it uses.",
      "WorkerPool", "What the pool consumes, and how its workers run and scale.");
  private static final String STATUS = "What Keelson observed; written by the operator only.";

  /** Keyed by the path below the embedding field: env, resources or conditions. */
  private static final Map<String, String> EMBEDDED = Map.ofEntries(
      Map.entry("env[].name", "Name of the environment variable."),
      Map.entry("env[].value", "Value of the variable; $(OTHER) expands an earlier variable."),
      Map.entry("env[].valueFrom", "Where the value comes from instead of value: a ConfigMap or Secret key, a field of the pod, or a container resource."),
      Map.entry("env[].valueFrom.configMapKeyRef", "A key of a ConfigMap in the namespace."),
      Map.entry("env[].valueFrom.configMapKeyRef.key", "The key to read."),
      Map.entry("env[].valueFrom.configMapKeyRef.name", "Name of the ConfigMap."),
      Map.entry("env[].valueFrom.configMapKeyRef.optional", "Start the container even when the ConfigMap or the key is missing."),
      Map.entry("env[].valueFrom.secretKeyRef", "A key of a Secret in the namespace."),
      Map.entry("env[].valueFrom.secretKeyRef.key", "The key to read."),
      Map.entry("env[].valueFrom.secretKeyRef.name", "Name of the Secret."),
      Map.entry("env[].valueFrom.secretKeyRef.optional", "Start the container even when the Secret or the key is missing."),
      Map.entry("env[].valueFrom.fieldRef", "A field of the pod, e.g. metadata.name or status.podIP."),
      Map.entry("env[].valueFrom.fieldRef.apiVersion", "API version the fieldPath is written in; default v1."),
      Map.entry("env[].valueFrom.fieldRef.fieldPath", "Path of the field, e.g. metadata.namespace."),
      Map.entry("env[].valueFrom.resourceFieldRef", "A request or limit of a container, e.g. limits.memory."),
      Map.entry("env[].valueFrom.resourceFieldRef.containerName", "Container whose resource is read; default the one the variable belongs to."),
      Map.entry("env[].valueFrom.resourceFieldRef.divisor", "Unit the value is expressed in, e.g. 1Mi; default 1."),
      Map.entry("env[].valueFrom.resourceFieldRef.resource", "The resource, e.g. limits.cpu or requests.memory."),
      Map.entry("resources.limits", "Most of each resource the container may use, e.g. cpu: 500m, memory: 512Mi."),
      Map.entry("resources.requests", "Resources reserved for the container: used for scheduling and by the autoscaler's utilization targets."),
      Map.entry("resources.claims", "Dynamic resource claims of the pod that the container uses; rarely needed."),
      Map.entry("resources.claims[].name", "Name of a resource claim of the pod."),
      Map.entry("resources.claims[].request", "The request within that claim, when it has several."),
      Map.entry("conditions[].type", "Ready, Reconciled or Degraded."),
      Map.entry("conditions[].status", "True, False or Unknown."),
      Map.entry("conditions[].reason", "CamelCase reason of the condition's status, e.g. DeploymentProgressing."),
      Map.entry("conditions[].message", "What is happening, in words, naming the root cause."),
      Map.entry("conditions[].observedGeneration", "The generation of the spec the condition describes."),
      Map.entry("conditions[].lastTransitionTime", "When the status last changed (RFC 3339)."));
  private static final List<String> EMBEDDING_FIELDS = List.of("env", "resources", "conditions");

  private EmbeddedFieldDescriptions() {}

  /** Fills in the missing descriptions of a kind's schema; fails naming every field it cannot describe. */
  static void describe(String kind, JSONSchemaProps root) {
    var undescribed = new ArrayList<String>();
    root.getProperties().get("spec").setDescription(SPEC.get(kind));
    root.getProperties().get("status").setDescription(STATUS);
    walk(root, "", null, undescribed);
    if (!undescribed.isEmpty()) {
      throw new IllegalStateException(kind + " has fields without a description: " + undescribed);
    }
  }

  private static void walk(JSONSchemaProps node, String path, String embedded, List<String> undescribed) {
    if (node.getProperties() != null) {
      node.getProperties().forEach((name, child) -> {
        String childPath = path + "." + name;
        String childEmbedded = embedded != null ? embedded + "." + name : EMBEDDING_FIELDS.contains(name) ? name : null;
        if (child.getDescription() == null || child.getDescription().isBlank()) {
          String text = childEmbedded == null ? null : EMBEDDED.get(childEmbedded);
          if (text == null) undescribed.add(childPath);
          else child.setDescription(text);
        }
        walk(child, childPath, childEmbedded, undescribed);
      });
    }
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      walk(node.getItems().getSchema(), path + "[]", embedded == null ? null : embedded + "[]", undescribed);
    }
  }
}
