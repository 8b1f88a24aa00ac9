package dev.keelson.shop.common;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;

/**
 * The service's MongoDB database from its mongodb binding: {@code uri} (user, password, replica
 * set and auth source included) and {@code database}; with {@code ca.crt} beside them the
 * connection trusts only that CA. Connected on first use, so a process starts while MongoDB is down.
 */
@ApplicationScoped
public class MongoProvider {
  private final Bindings bindings;
  private MongoClient client;
  private MongoDatabase database;

  public MongoProvider(Config config) {
    this.bindings = Bindings.fromConfig(config);
  }

  public synchronized MongoDatabase database() {
    if (database == null) {
      var uri = new ConnectionString(bindings.require("mongodb", "uri"));
      var settings = MongoClientSettings.builder()
          .applyConnectionString(uri)
          .applyToClusterSettings(c -> c.serverSelectionTimeout(3, TimeUnit.SECONDS))
          .applyToSocketSettings(s -> s.connectTimeout(3, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS));
      bindings.file("mongodb", "ca.crt").ifPresent(ca -> settings.applyToSslSettings(s -> s.enabled(true).context(TrustedCa.context(ca))));
      String name = bindings.value("mongodb", "database").orElse(uri.getDatabase());
      if (name == null) throw new IllegalStateException("the mongodb binding names no database");
      client = MongoClients.create(settings.build());
      database = client.getDatabase(name);
    }
    return database;
  }

  @PreDestroy
  synchronized void close() {
    if (client != null) client.close();
  }
}
