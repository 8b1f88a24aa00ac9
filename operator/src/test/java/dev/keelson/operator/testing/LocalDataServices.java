package dev.keelson.operator.testing;

import dev.keelson.operator.pki.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Stand-ins for the data services of {@code hack/run-local.sh}, whose simulated clusters run no
 * pods: a Kafka of three in-process brokers (the shop's Kafka, and the EU Kafka of the multicluster
 * sample), a Kafka of one broker (the sample's ovh-dev Kafka), and per cluster a mongo-java-server
 * with the replica-set backend (that cluster's MongoDB members). Runs until the process is stopped.
 */
public final class LocalDataServices {
  private LocalDataServices() {}

  /**
   * Usage: {@code LocalDataServices <file> <cluster>...}. Writes {@code kafka=<bootstrap servers>},
   * {@code kafka-gra=<bootstrap servers>} and, per cluster, {@code mongodb.<cluster>=<host:port>} to
   * the file. When a folder {@code <file>.mongodb-tls.<cluster>} gets a file {@code ready} beside its
   * {@code tls.crt} and {@code tls.key} (the certificate that cluster's CA issued its MongoDB), that
   * cluster's MongoDB is served over TLS with it from then on.
   */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]).toAbsolutePath();
    var clusters = List.of(args).subList(1, args.length);
    var kafka = KafkaBroker.start(3);
    var gra = KafkaBroker.start();
    var mongos = new LinkedHashMap<String, MongoTestServer>();
    clusters.forEach(c -> mongos.put(c, MongoTestServer.start()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      mongos.values().forEach(MongoTestServer::close);
      gra.close();
      kafka.close();
    }));
    var written = new StringBuilder("kafka=" + kafka.bootstrapServers() + "\nkafka-gra=" + gra.bootstrapServers() + "\n");
    mongos.forEach((cluster, mongo) -> written.append("mongodb.").append(cluster).append('=').append(mongo.address()).append('\n'));
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    Files.writeString(partial, written);
    Files.move(partial, out);

    var waiting = new java.util.concurrent.ConcurrentHashMap<>(mongos);
    var checks = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    checks.scheduleWithFixedDelay(() -> {
      for (var cluster : List.copyOf(waiting.keySet())) {
        Path tls = out.resolveSibling(out.getFileName() + ".mongodb-tls." + cluster);
        if (!Files.exists(tls.resolve("ready"))) continue;
        var mongo = waiting.remove(cluster);
        try {
          mongo.restartWithTls(CertificateAuthority.privateKey(Files.readString(tls.resolve("tls.key"))),
              CertificateAuthority.certificates(Files.readString(tls.resolve("tls.crt"))).get(0));
          System.out.println("MongoDB of " + cluster + " now serves TLS at " + mongo.address());
        } catch (java.io.IOException e) {
          System.out.println("MongoDB of " + cluster + ": cannot read its certificate: " + e.getMessage());
        }
      }
    }, 0, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
    Thread.currentThread().join();
  }
}
