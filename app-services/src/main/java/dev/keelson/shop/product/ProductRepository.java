package dev.keelson.shop.product;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.keelson.shop.common.MongoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/** Products in MongoDB's {@code products} collection. */
@ApplicationScoped
public class ProductRepository {
  /** Open reservations by order id, inside each product: {@code reservations.<order id>: quantity}. */
  static final String RESERVATIONS = "reservations";
  private final MongoProvider mongo;
  private volatile boolean indexed;

  public ProductRepository(MongoProvider mongo) {
    this.mongo = mongo;
  }

  /** One page of products, by name, and how many match in all. */
  public record Page(List<Product> items, long total) {}

  public Page list(String category, int page, int size) {
    Bson filter = category == null ? new Document() : Filters.eq("category", category);
    var items = products().find(filter).sort(Sorts.ascending("name", "_id")).skip(page * size).limit(size)
        .map(ProductRepository::product).into(new java.util.ArrayList<>());
    return new Page(items, products().countDocuments(filter));
  }

  public Optional<Product> byId(String id) {
    if (!ObjectId.isValid(id)) return Optional.empty();
    return Optional.ofNullable(products().find(Filters.eq("_id", new ObjectId(id))).first()).map(ProductRepository::product);
  }

  public Product insert(Product p) {
    var document = new Document("name", p.name()).append("description", p.description()).append("category", p.category())
        .append("priceCents", p.priceCents()).append("stock", p.stock())
        .append("createdAt", Date.from(p.createdAt())).append("updatedAt", Date.from(p.updatedAt()));
    products().insertOne(document);
    return product(document);
  }

  /** Replaces the descriptive fields and the price; empty when there is no such product. */
  public Optional<Product> update(String id, String name, String description, String category, long priceCents, Instant now) {
    if (!ObjectId.isValid(id)) return Optional.empty();
    return Optional.ofNullable(products().findOneAndUpdate(Filters.eq("_id", new ObjectId(id)),
        Updates.combine(Updates.set("name", name), Updates.set("description", description), Updates.set("category", category),
            Updates.set("priceCents", priceCents), Updates.set("updatedAt", Date.from(now))),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).map(ProductRepository::product);
  }

  /** The outcome of a stock change: the product after it, or why there is none. */
  public sealed interface StockChange {
    record Changed(Product product) implements StockChange {}

    record NotFound() implements StockChange {}

    record Insufficient(int available) implements StockChange {}
  }

  /**
   * Adds {@code delta} to the stock in one atomic update that never takes it below zero: two
   * orders racing for the last item cannot both get it.
   */
  public StockChange adjustStock(String id, int delta, Instant now) {
    if (!ObjectId.isValid(id)) return new StockChange.NotFound();
    var key = Filters.eq("_id", new ObjectId(id));
    Bson guard = delta < 0 ? Filters.and(key, Filters.gte("stock", -delta)) : key;
    var after = products().findOneAndUpdate(guard, Updates.combine(Updates.inc("stock", delta), Updates.set("updatedAt", Date.from(now))),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (after != null) return new StockChange.Changed(product(after));
    return byId(id).<StockChange>map(p -> new StockChange.Insufficient(p.stock())).orElseGet(StockChange.NotFound::new);
  }

  /** The outcome of a reservation: the stock left after it, or why there is none. */
  public sealed interface Reservation {
    /** Reserved now, or by an earlier call for the same order (then {@code repeated}). */
    record Reserved(int stockLeft, boolean repeated) implements Reservation {}

    record NotFound() implements Reservation {}

    record Insufficient(int available) implements Reservation {}
  }

  /**
   * Takes {@code quantity} out of the stock for an order in one atomic update that never takes it
   * below zero and records the reservation in the product itself ({@code reservations.<order>}):
   * two orders racing for the last item cannot both get it, and the same order reserving again
   * (a retry) takes nothing more.
   */
  public Reservation reserve(String id, String orderId, int quantity, Instant now) {
    if (!ObjectId.isValid(id)) return new Reservation.NotFound();
    String field = RESERVATIONS + "." + orderId;
    var after = products().findOneAndUpdate(
        Filters.and(Filters.eq("_id", new ObjectId(id)), Filters.gte("stock", quantity), Filters.exists(field, false)),
        Updates.combine(Updates.inc("stock", -quantity), Updates.set(field, quantity), Updates.set("updatedAt", Date.from(now))),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (after != null) return new Reservation.Reserved(((Number) after.get("stock")).intValue(), false);
    var current = products().find(Filters.eq("_id", new ObjectId(id))).first();
    if (current == null) return new Reservation.NotFound();
    int stock = ((Number) current.get("stock")).intValue();
    var reservations = current.get(RESERVATIONS, Document.class);
    if (reservations != null && reservations.containsKey(orderId)) return new Reservation.Reserved(stock, true);
    return new Reservation.Insufficient(stock);
  }

  /**
   * Ends an order's reservation: {@code release} puts its quantity back in stock (payment failed,
   * order cancelled), otherwise it stays sold (paid). Atomic with the stock, and nothing happens
   * when the reservation ended before (a retry); false when there was none.
   */
  public boolean endReservation(String id, String orderId, boolean release, Instant now) {
    if (!ObjectId.isValid(id)) return false;
    String field = RESERVATIONS + "." + orderId;
    var current = products().find(Filters.and(Filters.eq("_id", new ObjectId(id)), Filters.exists(field, true))).first();
    if (current == null) return false;
    int quantity = ((Number) current.get(RESERVATIONS, Document.class).get(orderId)).intValue();
    var changes = new java.util.ArrayList<Bson>(List.of(Updates.unset(field), Updates.set("updatedAt", Date.from(now))));
    if (release) changes.add(Updates.inc("stock", quantity));
    // Only if the reservation is still the one read: a concurrent end of it applies once.
    var result = products().updateOne(Filters.and(Filters.eq("_id", new ObjectId(id)), Filters.eq(field, quantity)), Updates.combine(changes));
    return result.getModifiedCount() == 1;
  }

  private MongoCollection<Document> products() {
    var products = mongo.database().getCollection("products");
    if (!indexed) {
      products.createIndex(Indexes.ascending("category", "name"));
      indexed = true;
    }
    return products;
  }

  private static Product product(Document d) {
    return new Product(d.getObjectId("_id").toHexString(), d.getString("name"), d.getString("description"), d.getString("category"),
        ((Number) d.get("priceCents")).longValue(), ((Number) d.get("stock")).intValue(), d.getDate("createdAt").toInstant(),
        d.getDate("updatedAt").toInstant());
  }
}
