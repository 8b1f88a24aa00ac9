package dev.keelson.shop.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what the services published to the test broker. */
public final class Topics {
  private Topics() {}

  /** A record as published: its key, payload and event-id header. */
  public record Published(String key, String value, String eventId) {}

  /** Every record of the topic so far, read from the start by a throwaway group. */
  public static List<Published> readAll(String topic) {
    var properties = new Properties();
    properties.put("bootstrap.servers", ShopTestResources.kafkaBootstrap);
    properties.put("group.id", "test-" + UUID.randomUUID());
    properties.put("auto.offset.reset", "earliest");
    properties.put("enable.auto.commit", "false");
    var records = new ArrayList<Published>();
    try (var consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      int emptyPolls = 0;
      while (emptyPolls < 3) {
        var batch = consumer.poll(Duration.ofMillis(500));
        if (batch.isEmpty() && !consumer.assignment().isEmpty()) emptyPolls++;
        for (var r : batch) {
          var header = r.headers().lastHeader("event-id");
          records.add(new Published(r.key(), r.value(), header == null ? null : new String(header.value(), StandardCharsets.UTF_8)));
        }
      }
    }
    return records;
  }
}
