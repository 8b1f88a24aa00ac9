package dev.keelson.shop.user;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.keelson.shop.common.MongoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;

/** Users in MongoDB's {@code users} collection, one per e-mail address (a unique index). */
@ApplicationScoped
public class UserRepository {
  private final MongoProvider mongo;
  private volatile boolean indexed;

  public UserRepository(MongoProvider mongo) {
    this.mongo = mongo;
  }

  /** An address already registered. */
  public static final class EmailTaken extends RuntimeException {
    EmailTaken(String email) {
      super("a user with e-mail " + email + " is already registered");
    }
  }

  /** Stores a new user and returns it with its id; {@link EmailTaken} when the address is registered. */
  public User insert(User user) {
    var document = new Document("email", user.email())
        .append("name", user.name())
        .append("passwordHash", user.passwordHash())
        .append("roles", user.roles())
        .append("createdAt", Date.from(user.createdAt()));
    try {
      users().insertOne(document);
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) throw new EmailTaken(user.email());
      throw e;
    }
    return new User(document.getObjectId("_id").toHexString(), user.email(), user.name(), user.passwordHash(), user.roles(),
        user.createdAt());
  }

  /**
   * The administrator's account as the configuration says: made on its first sign-in, and an
   * account someone registered under that address before it was configured takes the configured
   * password (the old one no longer opens it).
   */
  public User administrator(String email, String passwordHash, Instant now) {
    var update = Updates.combine(
        Updates.set("passwordHash", passwordHash),
        Updates.set("roles", List.of("user", "admin")),
        Updates.setOnInsert("name", "Administrator"),
        Updates.setOnInsert("createdAt", Date.from(now)));
    var options = new FindOneAndUpdateOptions().upsert(true)
        .returnDocument(ReturnDocument.AFTER);
    return user(users().findOneAndUpdate(Filters.eq("email", email), update, options));
  }

  public Optional<User> byEmail(String email) {
    return Optional.ofNullable(users().find(Filters.eq("email", email)).first()).map(UserRepository::user);
  }

  public Optional<User> byId(String id) {
    if (!ObjectId.isValid(id)) return Optional.empty();
    return Optional.ofNullable(users().find(Filters.eq("_id", new ObjectId(id))).first()).map(UserRepository::user);
  }

  private MongoCollection<Document> users() {
    var users = mongo.database().getCollection("users");
    if (!indexed) {
      users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_unique"));
      indexed = true;
    }
    return users;
  }

  @SuppressWarnings("unchecked")
  private static User user(Document d) {
    return new User(d.getObjectId("_id").toHexString(), d.getString("email"), d.getString("name"), d.getString("passwordHash"),
        (List<String>) d.get("roles", List.class), d.getDate("createdAt").toInstant());
  }
}
