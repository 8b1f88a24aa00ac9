package dev.keelson.shop.common;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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
      bindings.file("mongodb", "ca.crt").ifPresent(ca -> settings.applyToSslSettings(s -> s.enabled(true).context(trusting(ca))));
      String name = bindings.value("mongodb", "database").orElse(uri.getDatabase());
      if (name == null) throw new IllegalStateException("the mongodb binding names no database");
      client = MongoClients.create(settings.build());
      database = client.getDatabase(name);
    }
    return database;
  }

  private static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      var store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      var context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust the CA in " + caFile, e);
    }
  }

  @PreDestroy
  synchronized void close() {
    if (client != null) client.close();
  }
}
