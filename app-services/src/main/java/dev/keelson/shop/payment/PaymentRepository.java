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

/** Payments in MongoDB's {@code payments}, one per order id, looked up by id alone. */
@ApplicationScoped
public class PaymentRepository {
  private final MongoProvider mongo;

  public PaymentRepository(MongoProvider mongo) {
    this.mongo = mongo;
  }

  public Optional<Payment> byOrder(String orderId) {
    return Optional.ofNullable(payments().find(Filters.eq("_id", orderId)).first()).map(PaymentRepository::payment);
  }

  /**
   * Writes the payment's final state as the provider decided it. Several writers may race (a
   * charge and a cancel of the same order); they write the same state, because the provider decides
   * once per key.
   */
  public Payment settle(String orderId, long amountCents, Payment.State state, String reason, Instant now) {
    return payment(payments().findOneAndUpdate(Filters.eq("_id", orderId),
        Updates.combine(Updates.set("state", state.name()), Updates.set("reason", reason), Updates.set("updatedAt", Date.from(now)),
            Updates.setOnInsert("amountCents", amountCents), Updates.setOnInsert("createdAt", Date.from(now))),
        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)));
  }

  private MongoCollection<Document> payments() {
    return mongo.database().getCollection("payments");
  }

  private static Payment payment(Document d) {
    return new Payment(d.getString("_id"), ((Number) d.get("amountCents")).longValue(), Payment.State.valueOf(d.getString("state")),
        d.getString("reason"), d.getDate("createdAt").toInstant(), d.getDate("updatedAt").toInstant());
  }
}
