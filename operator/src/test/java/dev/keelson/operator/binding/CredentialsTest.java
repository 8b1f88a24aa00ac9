package dev.keelson.operator.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

/** A credentials Secret's generation, which its workload's team can edit: a bad value must not stop the Platform's reconcile. */
class CredentialsTest {
  @Test
  void theGenerationIsReadAndANonNumberOrANegativeOneCountsAsTheFirst() {
    assertThat(Credentials.generation(secret(null))).isZero();
    assertThat(Credentials.generation(secret("2"))).isEqualTo(2);
    assertThat(Credentials.generation(secret("two"))).isZero();
    assertThat(Credentials.generation(secret("-3"))).isZero();
    assertThat(Credentials.generation(secret("99999999999999"))).isZero();
  }

  private static Secret secret(String generation) {
    var builder = new SecretBuilder().withNewMetadata().withName("orders-credentials").endMetadata();
    if (generation != null) builder.editMetadata().addToAnnotations(Credentials.GENERATION_ANNOTATION, generation).endMetadata();
    return builder.build();
  }
}
