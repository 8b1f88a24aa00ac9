package dev.keelson.shop.queue;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.keelson.shop.common.MongoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The events a consumer group has handled, by event id, in MongoDB's {@code processed_events}: a
 * repeat of one (the outbox relay publishing again after a crash, a rebalance redelivering) is
 * dropped instead of handled twice. An entry expires {@code keelson.queue.dedup-retention} after
 * it was written (a TTL index; 7 days by default, Kafka's default retention, so that replaying a
 * topic's whole retention is still recognised), so the collection does not grow without end.
 */
@ApplicationScoped
public class ProcessedEvents {
  static final String TTL_INDEX = "at_ttl";
  private static final int INDEX_OPTIONS_CONFLICT = 85;
  private final MongoProvider mongo;
  private final Duration retention;
  private volatile boolean indexed;

  public ProcessedEvents(MongoProvider mongo,
      @ConfigProperty(name = "keelson.queue.dedup-retention", defaultValue = "7d") Duration retention) {
    this.mongo = mongo;
    this.retention = retention;
  }

  /** Which of these events the group has handled, in one query. */
  public Set<String> seenAmong(String group, Collection<String> eventIds) {
    String prefix = group + ":";
    var seen = new HashSet<String>();
    var keys = eventIds.stream().map(id -> prefix + id).distinct().toList();
    for (var d : events().find(Filters.in("_id", keys)).projection(Projections.include("_id"))) {
      seen.add(d.getString("_id").substring(prefix.length()));
    }
    return seen;
  }

  public void remember(String group, String eventId) {
    try {
      events()
          .insertOne(new Document("_id", group + ":" + eventId).append("at", new Date()));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) throw e;
    }
  }

  private MongoCollection<Document> events() {
    var events = mongo.database().getCollection("processed_events");
    if (!indexed) {
      var options = new IndexOptions().name(TTL_INDEX).expireAfter(retention.toSeconds(), TimeUnit.SECONDS);
      try {
        events.createIndex(Indexes.ascending("at"), options);
      } catch (MongoCommandException e) {
        if (e.getErrorCode() != INDEX_OPTIONS_CONFLICT) throw e;
        // The retention was changed: the index keeps its name and takes the new one.
        mongo.database().runCommand(new Document("collMod", "processed_events")
            .append("index", new Document("name", TTL_INDEX).append("expireAfterSeconds", retention.toSeconds())));
      }
      indexed = true;
    }
    return events;
  }
}
