package dev.keelson.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for the servers the tests start. */
public final class Ports {
  private Ports() {}

  /** A port free on this machine now (the kernel's choice), for a server about to bind it. */
  public static int free() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
