package dev.keelson.operator.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stand-ins for the data services of {@code hack/run-local.sh}, whose simulated cluster runs no
 * pods: a Kafka of three in-process brokers (the shop's external Kafka) and a mongo-java-server
 * with the replica-set backend (the shop's MongoDB members). Runs until the process is stopped.
 */
public final class LocalDataServices {
  private LocalDataServices() {}

  /** Writes {@code kafka=<bootstrap servers>} and {@code mongodb=<host:port>} to the file named by the first argument. */
  public static void main(String[] args) throws Exception {
    var kafka = KafkaBroker.start(3);
    var mongo = MongoTestServer.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      mongo.close();
      kafka.close();
    }));
    Path out = Path.of(args[0]);
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    Files.writeString(partial, "kafka=" + kafka.bootstrapServers() + "\nmongodb=" + mongo.address() + "\n");
    Files.move(partial, out);
    Thread.currentThread().join();
  }
}
