package dev.keelson.standins.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.util.stream.IntStream;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Filters that name an _id and more examine one document, through the Java driver as the shop sends them. */
class IdIndexedMemoryBackendTest {
  private static final int DOCUMENTS = 1000;
  private final IdIndexedMemoryBackend backend = new IdIndexedMemoryBackend();
  private MongoServer server;
  private MongoClient client;
  private MongoCollection<Document> reservations;

  @BeforeEach
  void start() {
    server = new MongoServer(backend);
    var address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    reservations = client.getDatabase("shop").getCollection("reservations");
    reservations.insertMany(IntStream.range(0, DOCUMENTS)
        .mapToObj(i -> new Document("_id", "r" + i).append("state", i % 2 == 0 ? "held" : "released").append("quantity", i)).toList());
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void anUpdateByIdAndStateExaminesOneDocument() {
    long before = backend.documentsExamined();
    var held = reservations.updateOne(Filters.and(Filters.eq("_id", "r10"), Filters.eq("state", "held")), Updates.set("state", "committed"));
    var notHeld = reservations.updateOne(Filters.and(Filters.eq("_id", "r11"), Filters.eq("state", "held")), Updates.set("state", "committed"));

    assertThat(held.getModifiedCount()).isEqualTo(1);
    assertThat(notHeld.getMatchedCount()).isZero();
    assertThat(backend.documentsExamined() - before).isEqualTo(2);
    assertThat(reservations.find(Filters.eq("_id", "r10")).first().getString("state")).isEqualTo("committed");
    assertThat(reservations.find(Filters.eq("_id", "r11")).first().getString("state")).isEqualTo("released");
  }

  @Test
  void findAndModifyDeleteAndFindByIdAndMoreExamineOneDocumentEach() {
    long before = backend.documentsExamined();
    Bson guard = Filters.and(Filters.eq("_id", "r20"), Filters.gte("quantity", 20), Filters.ne("state", "released"));

    assertThat(reservations.findOneAndUpdate(guard, Updates.inc("quantity", -20))).isNotNull();
    assertThat(reservations.findOneAndUpdate(guard, Updates.inc("quantity", -20))).as("quantity now 0").isNull();
    assertThat(reservations.find(new Document("_id", "r30").append("state", "held")).first()).isNotNull();
    assertThat(reservations.deleteOne(Filters.and(Filters.eq("_id", "r40"), Filters.eq("state", "held"))).getDeletedCount()).isEqualTo(1);
    assertThat(backend.documentsExamined() - before).isEqualTo(4);
  }

  @Test
  void aFilterWithoutAnIdStillFindsEveryMatchByScanning() {
    long before = backend.documentsExamined();

    assertThat(reservations.countDocuments(Filters.eq("state", "held"))).isEqualTo(DOCUMENTS / 2);
    assertThat(reservations.countDocuments(Filters.and(Filters.gt("_id", "r5"), Filters.eq("state", "held")))).isPositive();
    assertThat(backend.documentsExamined() - before).isEqualTo(2L * DOCUMENTS);
  }

  /** What a client asks of a database as such (found on the real node: a binding's probe listing its collections). */
  @Test
  void aDatabaseListsItsCollectionsAndIndexes() {
    reservations.createIndex(new Document("state", 1));
    var fresh = client.getDatabase("payments");
    fresh.getCollection("payments").insertOne(new Document("_id", "p1"));

    assertThat(client.getDatabase("shop").listCollectionNames()).containsExactly("reservations");
    assertThat(fresh.listCollectionNames()).containsExactly("payments");
    assertThat(reservations.listIndexes()).extracting(i -> i.getString("name")).containsExactlyInAnyOrder("_id_", "state_1");
    assertThat(client.listDatabaseNames()).contains("shop", "payments");
  }
}
