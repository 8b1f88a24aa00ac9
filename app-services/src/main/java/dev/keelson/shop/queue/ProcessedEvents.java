package dev.keelson.shop.queue;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.keelson.shop.common.MongoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
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

  /** Which of these events the group has handled, in one query. */
  public Set<String> seenAmong(String group, Collection<String> eventIds) {
    String prefix = group + ":";
    var seen = new HashSet<String>();
    var keys = eventIds.stream().map(id -> prefix + id).distinct().toList();
    for (var d : mongo.database().getCollection("processed_events").find(Filters.in("_id", keys)).projection(Projections.include("_id"))) {
      seen.add(d.getString("_id").substring(prefix.length()));
    }
    return seen;
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
