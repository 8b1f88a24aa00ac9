package dev.keelson.operator.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The external Kafka of hack/real-node-e2e.sh's shop: a real in-process broker (KRaft) on this
 * machine, outside the cluster as a Platform's spec.kafka is, listening on the real node's address
 * so that the operator's and the shop's pods reach it. Runs until the process is stopped.
 */
public final class NodeKafka {
  private NodeKafka() {}

  /** Usage: {@code NodeKafka <address> <file>}: writes {@code kafka=<address>:<port>} to the file once the broker is ready. */
  public static void main(String[] args) throws Exception {
    String host = args[0];
    Path out = Path.of(args[1]).toAbsolutePath();
    var kafka = KafkaBroker.startOn(host);
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "kafka-shutdown"));
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    Files.writeString(partial, "kafka=" + kafka.advertisedBootstrapServers(host) + "\n");
    Files.move(partial, out);
    Thread.currentThread().join();
  }
}
