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

  /** A record as published: its key, payload, event-id header, and the attempt and error headers of a retried one. */
  public record Published(String key, String value, String eventId, String attempt, String error, String correlationId) {}

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
          records.add(new Published(r.key(), r.value(), header(r, "event-id"), header(r, "attempt"), header(r, "error"),
              header(r, "correlation-id")));
        }
      }
    }
    return records;
  }

  /** Publishes a record with these headers and nothing else. */
  public static void publishWithHeaders(String topic, String key, String value, java.util.Map<String, String> headers) {
    var properties = new Properties();
    properties.put("bootstrap.servers", ShopTestResources.kafkaBootstrap);
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(properties,
        new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
      var record = new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value);
      headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Publishes a record with an event id, as the order service's relay does. */
  public static void publish(String topic, String key, String value, String eventId) {
    publishTogether(topic, key, value, List.of(eventId));
  }

  /**
   * Publishes the payload once per event id given, in one produce request (one batch), so that a
   * consumer receives them in the same poll.
   */
  public static void publishTogether(String topic, String key, String value, List<String> eventIds) {
    var properties = new Properties();
    properties.put("bootstrap.servers", ShopTestResources.kafkaBootstrap);
    properties.put("linger.ms", "1000");
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(properties,
        new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
      var sent = new ArrayList<java.util.concurrent.Future<?>>();
      for (String eventId : eventIds) {
        var record = new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value);
        record.headers().add("event-id", eventId.getBytes(StandardCharsets.UTF_8));
        sent.add(producer.send(record));
      }
      producer.flush();
      for (var future : sent) future.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
