package dev.keelson.operator.testing;

import dev.keelson.operator.pki.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;

/**
 * Stand-ins for the data services of {@code hack/run-local.sh}, whose simulated clusters run no
 * pods: a Kafka of three in-process brokers (the shop's external Kafka, and the EU Kafka of the
 * multicluster sample), a Kafka of one broker (the sample's ovh-dev Kafka) and a mongo-java-server
 * with the replica-set backend (the shop's MongoDB members). Runs until the process is stopped.
 */
public final class LocalDataServices {
  private LocalDataServices() {}

  /**
   * Writes {@code kafka=<bootstrap servers>}, {@code kafka-gra=<bootstrap servers>} and {@code mongodb=<host:port>} to the file named by
   * the first argument. When a folder {@code <file>.mongodb-tls} with {@code tls.crt} and
   * {@code tls.key} appears (the certificate the Platform's CA issued its MongoDB), MongoDB is
   * served over TLS with it from then on.
   */
  public static void main(String[] args) throws Exception {
    var kafka = KafkaBroker.start(3);
    var gra = KafkaBroker.start();
    var mongo = MongoTestServer.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      mongo.close();
      gra.close();
      kafka.close();
    }));
    Path out = Path.of(args[0]).toAbsolutePath();
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    Files.writeString(partial, "kafka=" + kafka.bootstrapServers() + "\nkafka-gra=" + gra.bootstrapServers() + "\nmongodb=" + mongo.address()
        + "\n");
    Files.move(partial, out);

    Path tls = out.resolveSibling(out.getFileName() + ".mongodb-tls");
    try (var watcher = out.getFileSystem().newWatchService()) {
      out.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
      boolean watchingTls = false;
      while (!Files.exists(tls.resolve("ready"))) {
        if (!watchingTls && Files.isDirectory(tls)) {
          tls.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
          watchingTls = true;
          continue;
        }
        var key = watcher.poll(1, java.util.concurrent.TimeUnit.SECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    }
    mongo.restartWithTls(CertificateAuthority.privateKey(Files.readString(tls.resolve("tls.key"))),
        CertificateAuthority.certificates(Files.readString(tls.resolve("tls.crt"))).get(0));
    System.out.println("MongoDB now serves TLS at " + mongo.address());
    Thread.currentThread().join();
  }
}
