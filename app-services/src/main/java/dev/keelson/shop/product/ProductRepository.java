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
