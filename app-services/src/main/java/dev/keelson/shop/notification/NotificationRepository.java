package dev.keelson.shop.notification;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.ReplaceOptions;
import dev.keelson.shop.common.MongoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/** Notifications and their delivery status in MongoDB's {@code notifications}, by id and by the account they were sent for. */
@ApplicationScoped
public class NotificationRepository {
  private final MongoProvider mongo;
  private volatile boolean indexed;

  public NotificationRepository(MongoProvider mongo) {
    this.mongo = mongo;
  }

  public void save(Notification n) {
    var d = new Document("_id", n.id()).append("userId", n.userId()).append("channel", n.channel()).append("recipient", n.recipient()).append("subject", n.subject())
        .append("body", n.body()).append("status", n.status()).append("error", n.error())
        .append("createdAt", Date.from(n.createdAt())).append("sentAt", n.sentAt() == null ? null : Date.from(n.sentAt()));
    notifications().replaceOne(Filters.eq("_id", n.id()), d, new ReplaceOptions().upsert(true));
  }

  public Optional<Notification> byId(String id) {
    return Optional.ofNullable(notifications().find(Filters.eq("_id", id)).first()).map(NotificationRepository::notification);
  }

  /** The newest notifications sent for this account, newest first. */
  public List<Notification> sentFor(String userId, int limit) {
    return notifications().find(Filters.eq("userId", userId)).sort(Sorts.descending("createdAt")).limit(limit)
        .map(NotificationRepository::notification).into(new ArrayList<>());
  }

  private MongoCollection<Document> notifications() {
    var notifications = mongo.database().getCollection("notifications");
    if (!indexed) {
      notifications.createIndex(Indexes.ascending("userId", "createdAt"));
      indexed = true;
    }
    return notifications;
  }

  private static Notification notification(Document d) {
    return new Notification(d.getString("_id"), d.getString("userId"), d.getString("channel"), d.getString("recipient"), d.getString("subject"),
        d.getString("body"), d.getString("status"), d.getString("error"), d.getDate("createdAt").toInstant(),
        d.getDate("sentAt") == null ? null : d.getDate("sentAt").toInstant());
  }
}
