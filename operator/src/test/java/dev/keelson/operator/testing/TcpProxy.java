package dev.keelson.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a fixed local port in front of a real server: {@link #stop()} refuses new
 * connections and cuts the open ones, as a cluster whose API server went down looks to its
 * clients; {@link #hang()} accepts and never answers, as a black-holed one; {@link #start()}
 * serves again on the same port, as the server coming back with its state. (A kube-api-test server that is stopped loses its etcd data and comes back on another
 * port, so the outage is made here instead.) Bytes pass through untouched: TLS is end to end.
 */
public final class TcpProxy implements AutoCloseable {
  private final int targetPort;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listening;
  private volatile boolean hanging;

  public TcpProxy(int targetPort) {
    this.targetPort = targetPort;
    try (var probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      this.port = probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    start();
  }

  public int port() {
    return port;
  }

  /**
   * Accepts connections but never answers (and cuts the open ones): a cluster that is slow or
   * black-holed rather than down; its clients wait for their own timeouts.
   */
  public synchronized void hang() {
    start();
    hanging = true;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  /** Accepts connections (again) on the proxy's port, and forwards them. */
  public synchronized void start() {
    if (hanging) {
      hanging = false;
      open.forEach(TcpProxy::closeQuietly);
      open.clear();
    }
    if (listening != null) return;
    try {
      var socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      listening = socket;
      thread("proxy-accept-" + port, () -> accept(socket));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Refuses new connections and cuts every open one. */
  public synchronized void stop() {
    if (listening == null) return;
    closeQuietly(listening);
    listening = null;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        var client = socket.accept();
        if (hanging) {
          open.add(client);
          continue;
        }
        var server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(client);
        open.add(server);
        thread("proxy-up-" + port, () -> pump(client, server));
        thread("proxy-down-" + port, () -> pump(server, client));
      } catch (IOException e) {
        // closed by stop(), or the target refused: the client sees its connection end
      }
    }
  }

  private void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // one side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void thread(String name, Runnable body) {
    var thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed
    }
  }

  @Override
  public void close() {
    stop();
  }
}
