package dev.keelson.shop.analytics;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.keelson.shop.common.MongoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Windows in MongoDB's {@code analytics_windows} (one document per window start, counted with
 * atomic increments) and the watermark, the latest event time seen, in {@code analytics_state}.
 */
@ApplicationScoped
public class WindowRepository {
  static final int TOP = 5;
  private final MongoProvider mongo;

  public WindowRepository(MongoProvider mongo) {
    this.mongo = mongo;
  }

  /** Counts one order into its window. */
  public void add(Instant start, Instant end, Instant closesAt, long totalCents, List<Line> lines) {
    var updates = new ArrayList<Bson>();
    updates.add(Updates.setOnInsert("end", Date.from(end)));
    updates.add(Updates.setOnInsert("closesAt", Date.from(closesAt)));
    updates.add(Updates.setOnInsert("published", false));
    updates.add(Updates.inc("orders", 1L));
    updates.add(Updates.inc("revenueCents", totalCents));
    for (var line : lines) {
      updates.add(Updates.inc("products." + line.productId() + ".quantity", (long) line.quantity()));
      updates.add(Updates.set("products." + line.productId() + ".name", line.name()));
    }
    windows().updateOne(Filters.eq("_id", Date.from(start)), Updates.combine(updates), new UpdateOptions().upsert(true));
  }

  /** One order line, as the window counts it. */
  public record Line(String productId, String name, int quantity) {}

  /** Raises the watermark to {@code eventTime} if it is later; the watermark after. */
  public Instant advanceWatermark(Instant eventTime) {
    var after = mongo.database().getCollection("analytics_state").findOneAndUpdate(Filters.eq("_id", "watermark"),
        Updates.max("at", Date.from(eventTime)), new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    return after.getDate("at").toInstant();
  }

  public Instant watermark() {
    var state = mongo.database().getCollection("analytics_state").find(Filters.eq("_id", "watermark")).first();
    return state == null ? Instant.EPOCH : state.getDate("at").toInstant();
  }

  /** Windows that closed by the watermark and were not published yet. */
  public List<Window> closedUnpublished(Instant watermark) {
    return windows().find(Filters.and(Filters.lte("closesAt", Date.from(watermark)), Filters.eq("published", false)))
        .sort(Sorts.ascending("_id")).map(d -> window(d, true)).into(new ArrayList<>());
  }

  public void markPublished(Instant start) {
    windows().updateOne(Filters.eq("_id", Date.from(start)), Updates.set("published", true));
  }

  public Optional<Window> at(Instant start, Instant watermark) {
    return Optional.ofNullable(windows().find(Filters.eq("_id", Date.from(start))).first()).map(d -> window(d, closed(d, watermark)));
  }

  public List<Window> between(Instant from, Instant to, Instant watermark) {
    return windows().find(Filters.and(Filters.gte("_id", Date.from(from)), Filters.lt("_id", Date.from(to))))
        .sort(Sorts.ascending("_id")).map(d -> window(d, closed(d, watermark))).into(new ArrayList<>());
  }

  private static boolean closed(Document d, Instant watermark) {
    return !d.getDate("closesAt").toInstant().isAfter(watermark);
  }

  private MongoCollection<Document> windows() {
    return mongo.database().getCollection("analytics_windows");
  }

  static Window window(Document d, boolean closed) {
    long orders = ((Number) d.get("orders")).longValue();
    long revenue = ((Number) d.get("revenueCents")).longValue();
    var products = d.get("products", Document.class);
    var top = products == null ? List.<Window.ProductCount>of() : products.entrySet().stream()
        .map(e -> {
          var p = (Document) e.getValue();
          return new Window.ProductCount(e.getKey(), p.getString("name"), ((Number) p.get("quantity")).longValue());
        })
        .sorted(Comparator.comparingLong(Window.ProductCount::quantity).reversed().thenComparing(Window.ProductCount::productId))
        .limit(TOP)
        .toList();
    return new Window(d.getDate("_id").toInstant(), d.getDate("end").toInstant(), orders, revenue, orders == 0 ? 0 : revenue / orders, top,
        closed);
  }
}
