package dev.keelson.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import org.junit.jupiter.api.Test;

class EmbeddedFieldDescriptionsTest {

  @Test
  void embeddedKubernetesFieldsGetTheirDescription() {
    JSONSchemaProps root = schema(new JSONSchemaPropsBuilder()
        .addToProperties("env", new JSONSchemaPropsBuilder().withNewItems().withNewSchema()
            .addToProperties("name", new JSONSchemaProps()).endSchema().endItems().withDescription("Environment variables.").build())
        .build());
    EmbeddedFieldDescriptions.describe("Service", root);
    assertThat(root.getProperties().get("spec").getProperties().get("env").getItems().getSchema().getProperties().get("name").getDescription())
        .isEqualTo("Name of the environment variable.");
    assertThat(root.getProperties().get("status").getDescription()).isEqualTo("What Keelson observed; written by the operator only.");
  }

  @Test
  void aFieldNobodyDescribedFailsTheGeneration() {
    JSONSchemaProps root = schema(new JSONSchemaPropsBuilder().addToProperties("replicas", new JSONSchemaProps()).build());
    assertThatThrownBy(() -> EmbeddedFieldDescriptions.describe("Service", root))
        .hasMessage("Service has fields without a description: [.spec.replicas]");
  }

  private static JSONSchemaProps schema(JSONSchemaProps spec) {
    return new JSONSchemaPropsBuilder().addToProperties("spec", spec).addToProperties("status", new JSONSchemaProps()).build();
  }
}
