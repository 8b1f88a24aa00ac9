package dev.keelson.shop.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The process as the notification WorkerPool runs it: the KEELSON_QUEUE_* settings Keelson gives, mails through the mock mailer. */
public class AsNotificationWorker implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "keelson.queue.topic", ShopTestResources.ORDER_EVENTS,
        "keelson.queue.consumer-group", "notification-workers",
        "keelson.queue.retry-topics", ShopTestResources.ORDER_EVENTS_RETRY,
        "keelson.queue.retry-attempts", "1",
        "keelson.queue.dead-letter-topic", ShopTestResources.ORDER_EVENTS_DLQ,
        "keelson.queue.service", "notification",
        "keelson.notification.channel", "smtp");
  }
}
