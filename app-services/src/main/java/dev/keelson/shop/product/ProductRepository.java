package dev.keelson.shop.product;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
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
  /** Orders whose reservation took the stock and is being recorded (see {@link #reserve}). */
  static final String APPLYING = "applying";
  private static final String PENDING = "pending";
  private static final String HELD = "held";
  private static final Bson PRODUCT_FIELDS = Projections.exclude(APPLYING);
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

  /** The outcome of a reservation: the product after it, or why there is none. */
  public sealed interface Reservation {
    /** Reserved now, or by an earlier call for the same order (then {@code repeated}): the product as it is now. */
    record Reserved(Product product, boolean repeated) implements Reservation {}

    record NotFound() implements Reservation {}

    record Insufficient(int available) implements Reservation {}
  }

  /**
   * Takes {@code quantity} out of the stock for an order, once per order whatever is repeated, and
   * never below zero: two orders racing for the last item cannot both get it. The reservation is a
   * document of its own in {@code reservations} ({@code <product>:<order>}, held, then committed or
   * released), so a product's document stays small however many orders wait for their payment. The
   * stock changes in one atomic update of the product that also marks the order in the product's
   * {@code applying} list, which holds an order only between that update and the reservation's
   * (milliseconds; a retry after a crash there finds the mark and does not take the stock twice).
   */
  public Reservation reserve(String id, String orderId, int quantity, Instant now) {
    if (!ObjectId.isValid(id)) return new Reservation.NotFound();
    String key = id + ":" + orderId;
    try {
      reservations().insertOne(new Document("_id", key).append("quantity", quantity).append("state", PENDING)
          .append("createdAt", Date.from(now)));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) throw e;
      // A repeat: done before, or an earlier attempt stopped halfway (then finish it below).
      var reservation = reservations().find(Filters.eq("_id", key)).first();
      if (reservation != null && !PENDING.equals(reservation.getString("state"))) {
        products().updateOne(Filters.eq("_id", new ObjectId(id)), Updates.pull(APPLYING, orderId));
        return repeated(id);
      }
    }
    var after = products().findOneAndUpdate(
        Filters.and(Filters.eq("_id", new ObjectId(id)), Filters.gte("stock", quantity), Filters.ne(APPLYING, orderId)),
        Updates.combine(Updates.inc("stock", -quantity), Updates.push(APPLYING, orderId), Updates.set("updatedAt", Date.from(now))),
        new FindOneAndUpdateOptions().projection(PRODUCT_FIELDS).returnDocument(ReturnDocument.AFTER));
    if (after == null) {
      var current = products().find(Filters.eq("_id", new ObjectId(id))).projection(Projections.include("stock", APPLYING)).first();
      if (current == null || !current.getList(APPLYING, String.class, List.of()).contains(orderId)) {
        reservations().deleteOne(Filters.and(Filters.eq("_id", key), Filters.eq("state", PENDING)));
        return current == null ? new Reservation.NotFound() : new Reservation.Insufficient(((Number) current.get("stock")).intValue());
      }
      // An earlier attempt took the stock and stopped before it recorded so.
    }
    reservations().updateOne(Filters.eq("_id", key), Updates.set("state", HELD));
    products().updateOne(Filters.eq("_id", new ObjectId(id)), Updates.pull(APPLYING, orderId));
    return after != null ? new Reservation.Reserved(product(after), false) : repeated(id);
  }

  /** The answer to a reservation made before: the product as it is now. */
  private Reservation repeated(String id) {
    return byId(id).<Reservation>map(p -> new Reservation.Reserved(p, true)).orElseGet(Reservation.NotFound::new);
  }

  /** Ends an order's reservation with its items sold (paid): one update; nothing when it ended before. */
  public void commitReservation(String id, String orderId, Instant now) {
    reservations().updateOne(Filters.and(Filters.eq("_id", id + ":" + orderId), Filters.eq("state", HELD)),
        Updates.combine(Updates.set("state", "committed"), Updates.set("endedAt", Date.from(now))));
  }

  /**
   * Ends an order's reservation with its quantity back in stock (payment failed, order cancelled):
   * the reservation moves to released first, then the stock grows, so a repeat gives nothing back
   * twice; false when there was nothing to release. (A crash between the two leaves the stock
   * short by that quantity, never over.)
   */
  public boolean releaseReservation(String id, String orderId, Instant now) {
    if (!ObjectId.isValid(id)) return false;
    var released = reservations().findOneAndUpdate(Filters.and(Filters.eq("_id", id + ":" + orderId), Filters.eq("state", HELD)),
        Updates.combine(Updates.set("state", "released"), Updates.set("endedAt", Date.from(now))));
    if (released == null) return false;
    products().updateOne(Filters.eq("_id", new ObjectId(id)),
        Updates.combine(Updates.inc("stock", ((Number) released.get("quantity")).intValue()), Updates.set("updatedAt", Date.from(now))));
    return true;
  }

  private MongoCollection<Document> reservations() {
    return mongo.database().getCollection("reservations");
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
