package dev.keelson.shop.analytics;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
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
  /** The ids of the events a window counted that the queue worker may still deliver again. */
  static final String COUNTING = "counting";
  private final MongoProvider mongo;

  public WindowRepository(MongoProvider mongo) {
    this.mongo = mongo;
  }

  /**
   * Counts one order into its window, once per event: the window holds the ids of the events it
   * counted until the queue worker has remembered them ({@link #forget}), and counting skips an id it
   * holds, in the same atomic update. False when the event was counted before (a retry after a
   * failure that came after the count).
   */
  public boolean add(String eventId, Instant start, Instant end, Instant closesAt, long totalCents, List<Line> lines) {
    try {
      windows().updateOne(Filters.eq("_id", Date.from(start)), Updates.combine(
          Updates.setOnInsert("end", Date.from(end)),
          Updates.setOnInsert("closesAt", Date.from(closesAt)),
          Updates.setOnInsert("published", false),
          Updates.setOnInsert("orders", 0L),
          Updates.setOnInsert("revenueCents", 0L)), new UpdateOptions().upsert(true));
    } catch (MongoWriteException e) {
      // Another worker made the window at the same moment: it is there now.
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) throw e;
    }
    var updates = new ArrayList<Bson>();
    updates.add(Updates.inc("orders", 1L));
    updates.add(Updates.inc("revenueCents", totalCents));
    for (var line : lines) {
      updates.add(Updates.inc("products." + line.productId() + ".quantity", (long) line.quantity()));
      updates.add(Updates.set("products." + line.productId() + ".name", line.name()));
    }
    updates.add(Updates.addToSet(COUNTING, eventId));
    var result = windows().updateOne(Filters.and(Filters.eq("_id", Date.from(start)), Filters.ne(COUNTING, eventId)), Updates.combine(updates));
    return result.getModifiedCount() == 1;
  }

  /** The event is remembered by the queue worker, which drops its repeats from now on: the window need not hold its id. */
  public void forget(Instant start, String eventId) {
    windows().updateOne(Filters.eq("_id", Date.from(start)), Updates.pull(COUNTING, eventId));
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
    windows().updateOne(Filters.eq("_id", Date.from(start)), Updates.combine(Updates.set("published", true), Updates.unset(COUNTING)));
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
