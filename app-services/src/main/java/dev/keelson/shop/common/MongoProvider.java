package dev.keelson.shop.common;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.quarkus.mongodb.runtime.MongoClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * The service's MongoDB database. The client is quarkus-mongodb-client's, configured from the
 * mongodb binding by quarkus-kubernetes-service-binding's converter ({@code host} with the replica
 * set's members, {@code database}, {@code options} with the replica set, the auth source and TLS,
 * {@code username}, {@code password}); the database is the binding's. Created on first use, so a
 * process starts while MongoDB is down.
 */
@ApplicationScoped
public class MongoProvider {
  private final MongoClient client;
  private final Config config;
  private MongoDatabase database;

  public MongoProvider(MongoClient client, Config config) {
    this.client = client;
    this.config = config;
  }

  public synchronized MongoDatabase database() {
    if (database == null) {
      String name = config.getOptionalValue("quarkus.mongodb.database", String.class)
          .or(() -> config.getOptionalValue("quarkus.mongodb.connection-string", String.class)
              .map(uri -> new ConnectionString(uri).getDatabase()))
          .orElseGet(() -> new Bindings(config).require("mongodb", "database"));
      database = client.getDatabase(name);
    }
    return database;
  }

  /**
   * What the converter leaves out: with {@code ca.crt} in the binding, the client trusts that CA
   * (the Platform's) and only it.
   */
  @Singleton
  static class TrustThePlatformsCa implements MongoClientCustomizer {
    private final Bindings bindings;

    TrustThePlatformsCa(Config config) {
      this.bindings = new Bindings(config);
    }

    @Override
    public MongoClientSettings.Builder customize(MongoClientSettings.Builder builder) {
      bindings.value("mongodb", "ca.crt").ifPresent(ca -> builder.applyToSslSettings(
          ssl -> ssl.enabled(true).context(TrustedCa.context(ca, "the mongodb binding's ca.crt"))));
      return builder;
    }
  }
}
