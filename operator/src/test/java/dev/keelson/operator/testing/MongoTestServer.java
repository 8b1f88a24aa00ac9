package dev.keelson.operator.testing;

import de.bwaldvogel.mongo.MongoServer;

/** mongo-java-server on a loopback port with the {@link ReplicaSetTestBackend}: every member of a replica set at one address. */
public final class MongoTestServer implements AutoCloseable {
  private MongoServer server;
  private final ReplicaSetTestBackend backend;
  private final String address;

  private MongoTestServer(MongoServer server, ReplicaSetTestBackend backend, String address) {
    this.server = server;
    this.backend = backend;
    this.address = address;
  }

  public static MongoTestServer start() {
    var backend = new ReplicaSetTestBackend();
    var server = new MongoServer(backend);
    var bound = server.bind();
    return new MongoTestServer(server, backend, "127.0.0.1:" + bound.getPort());
  }

  /** Serves the same replica set again on the same port, over TLS only, with the given key and certificate chain. */
  public void restartWithTls(java.security.PrivateKey key, java.security.cert.X509Certificate... chain) {
    server.shutdownNow();
    server = new MongoServer(backend);
    server.enableSsl(key, null, chain);
    server.bind("127.0.0.1", Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
  }

  /** host:port of the server. */
  public String address() {
    return address;
  }

  public ReplicaSetTestBackend backend() {
    return backend;
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
