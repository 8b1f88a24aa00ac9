package dev.keelson.standins.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.connection.ClusterConnectionMode;
import de.bwaldvogel.mongo.MongoServer;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in as Keelson and the shop's services use it, through the MongoDB Java driver: the
 * operator initiates a one-member replica set and creates a service's user as the image's root;
 * the service connects with its binding's URI (replicaSet, SCRAM-SHA-256, TLS) and may use its own
 * database only.
 */
class MongodTest {
  private static final String ROOT_PASSWORD = "root-secret-0123456789";
  @TempDir Path dir;
  private MongoServer server;
  private int port;

  @AfterEach
  void stop() {
    if (server != null) server.shutdownNow();
  }

  private void start(List<String> tlsArgs) throws Exception {
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path keyFile = Files.writeString(dir.resolve("keyfile"), "a-keyfile-of-the-replica-set");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("r--------"));
    var args = new java.util.ArrayList<>(List.of("mongod", "--replSet", "shop-mongodb", "--bind_ip", "127.0.0.1", "--port",
        Integer.toString(port), "--keyFile", keyFile.toString(), "--dbpath", dir.toString()));
    args.addAll(tlsArgs);
    var options = Mongod.Options.parse(args);
    server = Mongod.start(options, Map.of("MONGO_INITDB_ROOT_USERNAME", "admin", "MONGO_INITDB_ROOT_PASSWORD", ROOT_PASSWORD), "127.0.0.1");
  }

  /** As Keelson's DriverMongoAdmin connects: one member, directly, as admin. */
  private MongoClient admin(String password, Consumer<MongoClientSettings.Builder> more) {
    var settings = MongoClientSettings.builder()
        .applyToClusterSettings(c -> c.hosts(List.of(new ServerAddress("127.0.0.1", port))).mode(ClusterConnectionMode.SINGLE)
            .serverSelectionTimeout(5, TimeUnit.SECONDS))
        .credential(MongoCredential.createCredential("admin", "admin", password.toCharArray()));
    more.accept(settings);
    return MongoClients.create(settings.build());
  }

  private MongoClient service(String uri, Consumer<MongoClientSettings.Builder> more) {
    var settings = MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
        .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS));
    more.accept(settings);
    return MongoClients.create(settings.build());
  }

  private void initiateAndCreateUsers(MongoClient admin) {
    var db = admin.getDatabase("admin");
    assertThatThrownBy(() -> db.runCommand(new Document("replSetGetStatus", 1)))
        .isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(94));
    db.runCommand(new Document("replSetInitiate", new Document("_id", "shop-mongodb").append("version", 1)
        .append("members", List.of(new Document("_id", 0).append("host", "127.0.0.1:" + port)))));
    var status = db.runCommand(new Document("replSetGetStatus", 1));
    assertThat(status.getList("members", Document.class)).singleElement()
        .satisfies(m -> assertThat(m.getString("stateStr")).isEqualTo("PRIMARY"));
    for (String name : List.of("orders", "payments")) {
      admin.getDatabase(name).runCommand(new Document("createUser", name + "-service").append("pwd", name + "-password")
          .append("roles", List.of(new Document("role", "readWrite").append("db", name))));
    }
    assertThat(db.runCommand(new Document("usersInfo", new Document("forAllDBs", true))).getList("users", Document.class))
        .extracting(u -> u.getString("_id")).containsExactlyInAnyOrder("admin.admin", "orders.orders-service", "payments.payments-service");
  }

  @Test
  void aServiceUsesItsOwnDatabaseThroughTheReplicaSetAndNoOther() throws Exception {
    start(List.of());
    try (var admin = admin(ROOT_PASSWORD, s -> { })) {
      initiateAndCreateUsers(admin);
    }
    String uri = "mongodb://orders-service:orders-password@127.0.0.1:" + port + "/orders?replicaSet=shop-mongodb&authSource=orders";
    try (var client = service(uri, s -> { })) {
      var orders = client.getDatabase("orders").getCollection("orders");
      for (int i = 0; i < 5; i++) orders.insertOne(new Document("n", i));
      assertThat(orders.countDocuments()).isEqualTo(5);
      assertThatThrownBy(() -> client.getDatabase("payments").getCollection("payments").insertOne(new Document("stolen", true)))
          .hasMessageContaining("not authorized on payments");
      assertThatThrownBy(() -> client.getDatabase("payments").getCollection("payments").find().first())
          .hasMessageContaining("not authorized on payments");
      assertThatThrownBy(() -> client.getDatabase("admin").runCommand(new Document("createUser", "mine").append("pwd", "x")
          .append("roles", List.of("root")))).hasMessageContaining("not authorized on admin");
      assertThatThrownBy(() -> client.getDatabase("admin").runCommand(new Document("replSetReconfig", new Document())))
          .hasMessageContaining("not authorized on admin");

      // A cursor the orders service opened: nobody else reads on with it.
      long cursor = client.getDatabase("orders").runCommand(new Document("find", "orders").append("batchSize", 1))
          .get("cursor", Document.class).getLong("id");
      assertThat(cursor).isNotZero();
      try (var other = service("mongodb://payments-service:payments-password@127.0.0.1:" + port + "/payments?replicaSet=shop-mongodb",
          s -> { })) {
        assertThatThrownBy(() -> other.getDatabase("payments").runCommand(new Document("getMore", cursor).append("collection", "orders").append("batchSize", 10)))
            .hasMessageContaining("was not created by the authenticated user");
      }
      var more = client.getDatabase("orders").runCommand(new Document("getMore", cursor).append("collection", "orders").append("batchSize", 10));
      assertThat(more.get("cursor", Document.class).getList("nextBatch", Document.class)).hasSize(4);
    }
  }

  @Test
  void aWrongPasswordOrNoneIsRefused() throws Exception {
    start(List.of());
    try (var admin = admin(ROOT_PASSWORD, s -> { })) {
      initiateAndCreateUsers(admin);
    }
    try (var wrong = service("mongodb://orders-service:guessed@127.0.0.1:" + port + "/orders?replicaSet=shop-mongodb", s -> { })) {
      assertThatThrownBy(() -> wrong.getDatabase("orders").getCollection("orders").find().first())
          .isInstanceOf(MongoSecurityException.class);
    }
    try (var anonymous = service("mongodb://127.0.0.1:" + port + "/orders?replicaSet=shop-mongodb", s -> { })) {
      assertThatThrownBy(() -> anonymous.getDatabase("orders").getCollection("orders").find().first())
          .hasMessageContaining("requires authentication");
      // What a TCP probe or a client's handshake needs still answers.
      assertThat(anonymous.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
    }
  }

  @Test
  void aReplicaSetOfSeveralMembersIsRefusedWithAMessageThatSaysWhy() throws Exception {
    start(List.of());
    try (var admin = admin(ROOT_PASSWORD, s -> { })) {
      var members = List.of(0, 1, 2).stream().map(i -> new Document("_id", i).append("host", "shop-mongodb-" + i + ".shop-mongodb.shop.svc:27017")).toList();
      assertThatThrownBy(() -> admin.getDatabase("admin").runCommand(new Document("replSetInitiate",
          new Document("_id", "shop-mongodb").append("version", 1).append("members", members))))
          .hasMessageContaining("does not replicate");
      assertThatThrownBy(() -> admin.getDatabase("admin").runCommand(new Document("replSetInitiate",
          new Document("_id", "another").append("version", 1).append("members", List.of(new Document("_id", 0).append("host", "127.0.0.1:" + port))))))
          .hasMessageContaining("command line reports shop-mongodb");
    }
  }

  @Test
  void overTlsTheServiceTrustsOnlyItsCa() throws Exception {
    var generator = KeyPairGenerator.getInstance("EC");
    var pair = generator.generateKeyPair();
    var name = new X500Name("CN=shop-mongodb");
    var holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.now().minusSeconds(60)),
        Date.from(Instant.now().plusSeconds(3600)), name, pair.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
    X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
    var pem = new StringWriter();
    try (var writer = new JcaPEMWriter(pem)) {
      writer.writeObject(certificate);
      writer.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
    }
    Path serverPem = Files.writeString(dir.resolve("server.pem"), pem.toString());
    start(List.of("--tlsMode", "requireTLS", "--tlsCertificateKeyFile", serverPem.toString(), "--tlsCAFile", serverPem.toString(),
        "--tlsAllowConnectionsWithoutCertificates"));

    var trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", certificate);
    var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    var context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    try (var admin = admin(ROOT_PASSWORD, s -> s.applyToSslSettings(ssl -> ssl.enabled(true).context(context).invalidHostNameAllowed(true)))) {
      initiateAndCreateUsers(admin);
    }
    try (var plain = admin(ROOT_PASSWORD, s -> { })) {
      assertThatThrownBy(() -> plain.getDatabase("admin").runCommand(new Document("ping", 1))).isNotNull();
    }
  }

  @Test
  void whatMongodWouldRefuseStopsTheStandIn() throws Exception {
    assertThatThrownBy(() -> Mongod.Options.parse(List.of("mongod", "--wiredTigerCacheSizeGB", "1")))
        .hasMessageContaining("does not know the option --wiredTigerCacheSizeGB");
    assertThatThrownBy(() -> Mongod.Options.parse(List.of("mongod", "--tlsMode", "preferTLS", "--tlsCertificateKeyFile", "x")))
        .hasMessageContaining("preferTLS");
    Path keyFile = Files.writeString(dir.resolve("open-keyfile"), "readable by everyone");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
    var main = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        Mongod.class.getName(), "mongod", "--port", "0", "--keyFile", keyFile.toString(), "--dbpath", dir.toString())
        .redirectErrorStream(true).start();
    assertThat(main.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(main.exitValue()).isEqualTo(2);
    assertThat(new String(main.getInputStream().readAllBytes())).contains("permissions on " + keyFile + " are too open");
  }
}
