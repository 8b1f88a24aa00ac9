package dev.keelson.shop.queue;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import dev.keelson.shop.common.MongoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import org.bson.Document;

/**
 * The events a consumer group has handled, by event id, in MongoDB's {@code processed_events}: a
 * repeat of one (the outbox relay publishing again after a crash, a rebalance redelivering) is
 * dropped instead of handled twice.
 */
@ApplicationScoped
public class ProcessedEvents {
  private final MongoProvider mongo;

  public ProcessedEvents(MongoProvider mongo) {
    this.mongo = mongo;
  }

  public boolean seen(String group, String eventId) {
    return mongo.database().getCollection("processed_events").find(Filters.eq("_id", group + ":" + eventId)).first() != null;
  }

  public void remember(String group, String eventId) {
    try {
      mongo.database().getCollection("processed_events")
          .insertOne(new Document("_id", group + ":" + eventId).append("at", new Date()));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) throw e;
    }
  }
}
