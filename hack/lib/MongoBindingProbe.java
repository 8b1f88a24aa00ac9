import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClients;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bson.Document;

/**
 * Run inside a workload's pod by hack/lib/real-node-shop.sh (java's source launcher, the shop
 * image's MongoDB driver): with nothing but the pod's /bindings/mongodb (uri, ca.crt), reads its own
 * database and is refused another's. Usage: MongoBindingProbe OWN-DATABASE OTHER-DATABASE; exits 0
 * only when both hold.
 */
public class MongoBindingProbe {
  public static void main(String[] args) throws Exception {
    Path binding = Path.of(System.getenv().getOrDefault("SERVICE_BINDING_ROOT", "/bindings"), "mongodb");
    var settings = MongoClientSettings.builder().applyConnectionString(new ConnectionString(Files.readString(binding.resolve("uri")).trim()))
        .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS));
    if (Files.exists(binding.resolve("ca.crt"))) {
      var trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int i = 0;
      for (var ca : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(Files.readAllBytes(binding.resolve("ca.crt"))))) {
        trust.setCertificateEntry("ca-" + i++, ca);
      }
      var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      var context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      settings.applyToSslSettings(s -> s.enabled(true).context(context));
    }
    try (var client = MongoClients.create(settings.build())) {
      var own = client.getDatabase(args[0]).runCommand(new Document("listCollections", 1)).get("cursor", Document.class);
      System.out.println("own database " + args[0] + ": readable (" + own.getList("firstBatch", Document.class).size() + " collections)");
      try {
        client.getDatabase(args[1]).getCollection("payments").find().first();
        System.out.println("other database " + args[1] + ": READABLE with this binding");
        System.exit(1);
      } catch (MongoCommandException e) {
        if (e.getErrorCode() != 13) throw e;
        System.out.println("other database " + args[1] + ": refused (" + e.getErrorMessage() + ")");
      }
    }
  }
}
