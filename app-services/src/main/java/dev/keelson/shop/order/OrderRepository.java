package dev.keelson.shop.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import dev.keelson.shop.common.CorrelationIdFilter;
import dev.keelson.shop.common.MongoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.jboss.logging.MDC;

/**
 * Orders in MongoDB's {@code orders} collection, each with its own outbox: the events of a change
 * are written in the same single-document update as the change (atomic in MongoDB, no transaction
 * needed), and {@link OutboxRelay} moves them to Kafka afterwards. A crash between the write and
 * the publish loses nothing: the event waits in the document until it is published.
 */
@ApplicationScoped
public class OrderRepository {
  static final String PLACING = "placing";
  static final String SAGA_OPEN = "sagaOpen";
  static final String STOCK = "stock";
  static final String STOCK_RESERVED = "reserved";
  private final MongoProvider mongo;
  private final ObjectMapper json;
  private volatile boolean indexed;

  public OrderRepository(MongoProvider mongo, ObjectMapper json) {
    this.mongo = mongo;
    this.json = json;
  }

  /** An Idempotency-Key used before for a different request. */
  public static final class IdempotencyConflict extends RuntimeException {
    IdempotencyConflict(String key) {
      super("Idempotency-Key " + key + " was used for a different order");
    }
  }

  /** The order stored, or the one an earlier request with the same Idempotency-Key stored. */
  public record Placed(Order order, boolean replayed) {}

  /** An event waiting in an order's outbox, with the correlation id of the request that caused it (or null). */
  public record Pending(String orderId, String eventId, String payload, String correlationId) {}

  /**
   * Stores a new order with its OrderCreated event in its outbox.
   *
   * @param idempotencyKey the caller's key, or null
   * @param requestHash a digest of the request, to tell a retry from another request with the same key
   */
  public Placed insert(Order order, String idempotencyKey, String requestHash, OrderEvent created) {
    return store(document(order).append("outbox", List.of(outboxEntry(created))), order, idempotencyKey, requestHash);
  }

  /** Inserts the order's document, or answers the earlier order of the same Idempotency-Key. */
  private Placed store(Document document, Order order, String idempotencyKey, String requestHash) {
    if (idempotencyKey != null) document.append("idempotency", order.userId() + "|" + idempotencyKey).append("requestHash", requestHash);
    try {
      orders().insertOne(document);
    } catch (MongoWriteException e) {
      if (idempotencyKey == null || e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) throw e;
      var earlier = orders().find(Filters.eq("idempotency", order.userId() + "|" + idempotencyKey)).first();
      if (earlier == null || !requestHash.equals(earlier.getString("requestHash"))) throw new IdempotencyConflict(idempotencyKey);
      if (earlier.getBoolean(PLACING, false)) throw new StillPlacing(idempotencyKey);
      return new Placed(order(earlier), true);
    }
    return new Placed(order(document), false);
  }

  /** An Idempotency-Key whose first order is still being placed. */
  public static final class StillPlacing extends RuntimeException {
    StillPlacing(String key) {
      super("the order of Idempotency-Key " + key + " is still being placed; retry shortly");
    }
  }

  /**
   * Stores a new order while its stock is reserved ({@code placing}: no one sees it yet, and a
   * process that dies meanwhile leaves it to {@link #abandoned}); the earlier order when the
   * Idempotency-Key was used before.
   */
  public Placed begin(Order order, String idempotencyKey, String requestHash) {
    return store(document(order).append(PLACING, true), order, idempotencyKey, requestHash);
  }

  /** The order's stock is reserved: it is placed with its lines' names and prices, its OrderCreated event in its outbox, its payment to come. */
  public Order placed(String id, List<Order.Item> items, long totalCents, OrderEvent created) {
    // By id alone: only the sweep of abandoned orders, a minute later, removes a placing order.
    var after = orders().findOneAndUpdate(Filters.eq("_id", new ObjectId(id)),
        Updates.combine(Updates.unset(PLACING), Updates.set("items", items(items)), Updates.set("totalCents", totalCents),
            Updates.set(STOCK, STOCK_RESERVED), Updates.set(SAGA_OPEN, true), Updates.push("outbox", outboxEntry(created))),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (after == null) throw new IllegalStateException("order " + id + " was abandoned while its stock was reserved");
    return order(after);
  }

  /** Forgets an order that could not be placed (its stock was refused, or its reservations released). */
  public void abandon(String id) {
    orders().deleteOne(Filters.and(Filters.eq("_id", new ObjectId(id)), Filters.eq(PLACING, true)));
  }

  /** Orders left being placed since before {@code before}: their process died; their reservations are to be released. */
  public List<Order> abandoned(Instant before, int limit) {
    return orders().find(Filters.and(Filters.eq(PLACING, true), Filters.lt("createdAt", Date.from(before)))).limit(limit)
        .map(OrderRepository::order).into(new ArrayList<>());
  }

  /** Orders the saga has work for: a payment to take or stock to settle, least recently changed first. */
  public List<Order> sagaOpen(int limit) {
    return orders().find(Filters.eq(SAGA_OPEN, true)).sort(Sorts.ascending("updatedAt")).limit(limit)
        .map(OrderRepository::order).into(new ArrayList<>());
  }

  /** The order, if the saga has work for it. By id alone, so that the lookup is the id index's. */
  public Optional<Order> sagaOpen(String id) {
    return Optional.ofNullable(orders().find(Filters.eq("_id", new ObjectId(id))).first())
        .filter(d -> d.getBoolean(SAGA_OPEN, false)).map(OrderRepository::order);
  }

  /** The order's reservations ended as its status says (sold or released): the saga is done with it. */
  public void settled(String id, boolean sold) {
    orders().updateOne(Filters.eq("_id", new ObjectId(id)),
        Updates.combine(Updates.set(STOCK, stockState(sold)), Updates.unset(SAGA_OPEN)));
  }

  public Optional<Order> byId(String id) {
    if (!ObjectId.isValid(id)) return Optional.empty();
    return Optional.ofNullable(orders().find(Filters.eq("_id", new ObjectId(id))).first())
        .filter(d -> !d.getBoolean(PLACING, false)).map(OrderRepository::order);
  }

  public List<Order> byUser(String userId, int page, int size) {
    return orders().find(Filters.and(Filters.eq("userId", userId), Filters.ne(PLACING, true))).sort(Sorts.descending("createdAt", "_id")).skip(page * size).limit(size)
        .map(OrderRepository::order).into(new ArrayList<>());
  }

  /**
   * Moves the order from {@code from} to the event's status, with the event in its outbox, in one
   * update that applies only if the order is still {@code from}: empty when it is not (any more).
   */
  public Optional<Order> changeStatus(String id, OrderStatus from, OrderEvent changed) {
    return move(id, from, changed);
  }

  /**
   * As {@link #changeStatus(String, OrderStatus, OrderEvent)}, by the saga: with the reason of a
   * payment_failed order, and the saga done with it (its stock settled before) in the same update.
   */
  public Optional<Order> settle(String id, OrderStatus from, OrderEvent changed, String reason) {
    return move(id, from, changed, Updates.set("reason", reason), Updates.set(STOCK, stockState(changed.status().sold())),
        Updates.unset(SAGA_OPEN));
  }

  /** The status change, its event into the outbox and {@code also}, in one update guarded by the status it moves from. */
  private Optional<Order> move(String id, OrderStatus from, OrderEvent changed, Bson... also) {
    var updates = new ArrayList<Bson>(List.of(Updates.set("status", changed.status().name()),
        Updates.set("updatedAt", Date.from(changed.occurredAt())), Updates.push("outbox", outboxEntry(changed))));
    updates.addAll(List.of(also));
    var after = orders().findOneAndUpdate(Filters.and(Filters.eq("_id", new ObjectId(id)), Filters.eq("status", from.name())),
        Updates.combine(updates), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    return Optional.ofNullable(after).map(OrderRepository::order);
  }

  /** What became of an order's reservations once the saga settled them. */
  private static String stockState(boolean sold) {
    return sold ? "committed" : "released";
  }

  /** Events waiting to be published, oldest orders first, in each order's own sequence. */
  public List<Pending> pending(int limit) {
    var pending = new ArrayList<Pending>();
    for (var d : orders().find(Filters.exists("outbox.0")).sort(Sorts.ascending("updatedAt")).limit(limit)) {
      pending.addAll(outbox(d));
    }
    return pending;
  }

  /** The events waiting in these orders' outboxes, each order's in sequence (a lookup by id: the relay's fast path after changes). */
  public List<Pending> pendingOf(Collection<String> orderIds) {
    var pending = new ArrayList<Pending>();
    for (var d : orders().find(Filters.in("_id", orderIds.stream().map(ObjectId::new).toList()))) {
      pending.addAll(outbox(d));
    }
    return pending;
  }

  private static List<Pending> outbox(Document order) {
    String id = order.getObjectId("_id").toHexString();
    return order.getList("outbox", Document.class).stream()
        .map(e -> new Pending(id, e.getString("eventId"), e.getString("payload"), e.getString("correlationId"))).toList();
  }

  /** Takes published events out of their orders' outboxes, in one request. */
  public void published(List<Pending> events) {
    if (events.isEmpty()) return;
    orders().bulkWrite(events.stream().map(event -> new UpdateOneModel<Document>(Filters.eq("_id", new ObjectId(event.orderId())),
        Updates.pull("outbox", new Document("eventId", event.eventId())))).toList(), new BulkWriteOptions().ordered(false));
  }

  /** Orders with events not yet published: the outbox's depth. */
  public long outboxDepth() {
    return orders().countDocuments(Filters.exists("outbox.0"));
  }

  /** The event as the outbox keeps it, with the correlation id of the request being served, which the relay puts in a header. */
  private Document outboxEntry(OrderEvent event) {
    try {
      Object correlationId = MDC.get(CorrelationIdFilter.MDC_KEY);
      return new Document("eventId", event.eventId()).append("payload", json.writeValueAsString(event))
          .append("correlationId", correlationId == null ? null : correlationId.toString());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize event " + event.eventId(), e);
    }
  }

  private MongoCollection<Document> orders() {
    var orders = mongo.database().getCollection("orders");
    if (!indexed) {
      orders.createIndex(Indexes.ascending("idempotency"), new IndexOptions().unique(true).sparse(true).name("idempotency_unique"));
      orders.createIndex(Indexes.ascending("userId", "createdAt"));
      orders.createIndex(Indexes.ascending(SAGA_OPEN), new IndexOptions().sparse(true).name("saga_open"));
      orders.createIndex(Indexes.ascending(PLACING), new IndexOptions().sparse(true).name("placing"));
      indexed = true;
    }
    return orders;
  }

  private static Document document(Order o) {
    return new Document("_id", new ObjectId(o.id()))
        .append("userId", o.userId())
        .append("userEmail", o.userEmail())
        .append("items", items(o.items()))
        .append("totalCents", o.totalCents())
        .append("status", o.status().name())
        .append("createdAt", Date.from(o.createdAt()))
        .append("updatedAt", Date.from(o.updatedAt()));
  }

  private static List<Document> items(List<Order.Item> items) {
    return items.stream().map(i -> new Document("productId", i.productId()).append("name", i.name())
        .append("quantity", i.quantity()).append("unitPriceCents", i.unitPriceCents())).toList();
  }

  private static Order order(Document d) {
    var items = d.getList("items", Document.class).stream()
        .map(i -> new Order.Item(i.getString("productId"), i.getString("name"), ((Number) i.get("quantity")).intValue(),
            ((Number) i.get("unitPriceCents")).longValue()))
        .toList();
    return new Order(d.getObjectId("_id").toHexString(), d.getString("userId"), d.getString("userEmail"), items, ((Number) d.get("totalCents")).longValue(),
        OrderStatus.valueOf(d.getString("status")), d.getDate("createdAt").toInstant(), d.getDate("updatedAt").toInstant(),
        d.getString("reason"));
  }
}
