package dev.keelson.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.WorkerPoolSpec.Queue;
import dev.keelson.operator.api.v1alpha1.WorkerPoolSpec.Retry;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicDeclarationTest {

  @Test
  void eachDistinctRetryDelayGetsATopic() {
    var queue = new Queue("order-events", null, new Retry(4, List.of("10s", "1m", "1m")), null);
    assertThat(TopicDeclaration.retryTopics(queue)).containsExactly("order-events.retry.10s", "order-events.retry.1m");
    assertThat(TopicDeclaration.deadLetterTopic(queue)).isEqualTo("order-events.dlq");
  }

  @Test
  void withoutDelaysTheDefaultTiersAreTakenUpToTheAttempts() {
    assertThat(TopicDeclaration.retryTopics(new Queue("q", null, new Retry(2, null), "q.dead")))
        .containsExactly("q.retry.10s", "q.retry.1m");
    assertThat(TopicDeclaration.retryTopics(new Queue("q", null, new Retry(0, null), null))).isEmpty();
    assertThat(TopicDeclaration.deadLetterTopic(new Queue("q", null, null, "q.dead"))).isEqualTo("q.dead");
  }

  @Test
  void retentionIsGivenToKafkaInMilliseconds() {
    assertThat(TopicDeclaration.retentionMs("7d")).isEqualTo("604800000");
    assertThat(TopicDeclaration.retentionMs("12h")).isEqualTo("43200000");
  }
}
