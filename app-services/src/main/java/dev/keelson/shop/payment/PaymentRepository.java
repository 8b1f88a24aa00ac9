package dev.keelson.shop.payment;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.keelson.shop.common.MongoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/** Payments in MongoDB's {@code payments}, one per order id; a state moves only from charging to a final one. */
@ApplicationScoped
public class PaymentRepository {
  private final MongoProvider mongo;

  public PaymentRepository(MongoProvider mongo) {
    this.mongo = mongo;
  }

  /** The order's payment: made charging now, or as an earlier call left it. */
  public Payment open(String orderId, long amountCents, Instant now) {
    return payment(payments().findOneAndUpdate(Filters.eq("_id", orderId),
        Updates.combine(Updates.setOnInsert("amountCents", amountCents), Updates.setOnInsert("state", Payment.State.charging.name()),
            Updates.setOnInsert("createdAt", Date.from(now)), Updates.setOnInsert("updatedAt", Date.from(now))),
        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)));
  }

  public Optional<Payment> byOrder(String orderId) {
    return Optional.ofNullable(payments().find(Filters.eq("_id", orderId)).first()).map(PaymentRepository::payment);
  }

  /**
   * Moves a charging payment to its final state and returns the payment after: unchanged when it
   * was final already. A cancel of an order never charged makes a voided payment of amount 0.
   */
  public Payment settle(String orderId, Payment.State state, String reason, Instant now) {
    var after = payments().findOneAndUpdate(Filters.and(Filters.eq("_id", orderId), Filters.eq("state", Payment.State.charging.name())),
        Updates.combine(Updates.set("state", state.name()), Updates.set("reason", reason), Updates.set("updatedAt", Date.from(now))),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (after != null) return payment(after);
    var existing = byOrder(orderId);
    if (existing.isPresent()) return existing.get();
    open(orderId, 0, now);
    return settle(orderId, state, reason, now);
  }

  private MongoCollection<Document> payments() {
    return mongo.database().getCollection("payments");
  }

  private static Payment payment(Document d) {
    return new Payment(d.getString("_id"), ((Number) d.get("amountCents")).longValue(), Payment.State.valueOf(d.getString("state")),
        d.getString("reason"), d.getDate("createdAt").toInstant(), d.getDate("updatedAt").toInstant());
  }
}
