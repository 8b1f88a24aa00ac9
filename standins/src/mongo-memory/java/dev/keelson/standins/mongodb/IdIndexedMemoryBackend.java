package dev.keelson.standins.mongodb;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * mongo-java-server's in-memory backend, finding a document by its {@code _id} also when the
 * filter asks more of it, as MongoDB does: {@code {_id: x, state: "held"}}, or {@code {$and:
 * [{_id: x}, {state: "held"}]}} as the Java driver sends {@code Filters.and}. The _id index finds
 * the document and the whole filter is checked on it. mongo-java-server uses an index only for a
 * filter of exactly its keys and scans the collection otherwise, so each such update cost a scan
 * of every order or reservation, and more as they grew.
 */
public class IdIndexedMemoryBackend extends MemoryBackend {
  private final LongAdder examined = new LongAdder();

  /** How many documents queries have checked against their filters so far (MongoDB's docsExamined, summed). */
  public long documentsExamined() {
    return examined.sum();
  }

  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName);
  }

  // Inner classes, not static ones: MemoryDatabase's constructor already opens its namespaces and
  // indexes collections, before a field of a subclass could be set, while the enclosing backend
  // (its counter, its cursors) is there from the start.
  private final class Database extends MemoryDatabase {
    Database(String name) {
      super(name, getCursorRegistry());
    }

    @Override
    protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
      return new Collection(this, collectionName, options);
    }
  }

  private final class Collection extends MemoryCollection {
    Collection(MongoDatabase database, String name, CollectionOptions options) {
      super(database, name, options, getCursorRegistry());
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
        Document fieldSelector) {
      Object id = idOf(query);
      if (id != null) {
        var byId = new Document(getIdField(), id);
        for (var index : getIndexes()) {
          if (index.canHandle(byId)) {
            return matchDocuments(query, index.getPositions(byId), orderBy, numberToSkip, limit, batchSize, fieldSelector);
          }
        }
      }
      return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    protected boolean documentMatchesQuery(Document document, Document query) {
      examined.increment();
      return super.documentMatchesQuery(document, query);
    }

    /**
     * The _id the filter asks for by equality, at its top level or in a term of a top-level $and;
     * null when it asks for none, or only through an operator ({@code {_id: {$gt: x}}}).
     */
    private Object idOf(Document query) {
      Object id = query.get(getIdField());
      if (id == null && query.get("$and") instanceof List<?> terms) {
        for (Object term : terms) {
          if (term instanceof Document d && d.get(getIdField()) != null) {
            id = d.get(getIdField());
            break;
          }
        }
      }
      return id instanceof Document ? null : id;
    }
  }
}
