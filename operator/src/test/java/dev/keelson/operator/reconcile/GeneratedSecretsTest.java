package dev.keelson.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;

class GeneratedSecretsTest {

  @RepeatedTest(20)
  void passwordsAreUrlSafeAndKeyfilesUseOnlyWhatMongodAccepts() {
    assertThat(GeneratedSecrets.newPassword()).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(GeneratedSecrets.newKeyfile()).hasSize(128).matches("[A-Za-z0-9+/]+");
  }
}
