package dev.keelson.shop.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address of the client behind a chain of proxies. X-Forwarded-For is believed only as far as
 * the proxies that wrote it are trusted: starting from the peer, each trusted hop hands over to the
 * address it says it received the request from (X-Forwarded-For's entries, right to left), and the
 * first untrusted address is the client. Entries a client wrote itself sit to the left of what a
 * trusted proxy appended, so they are never reached; a peer that is not trusted is the client, and
 * its X-Forwarded-For is ignored.
 */
public final class ClientAddress {
  /** Only literal addresses are parsed, so a header never causes a DNS lookup. */
  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

  private ClientAddress() {}

  /** A range of addresses, {@code 10.0.0.0/8} or {@code ::1/128} (a bare address is itself alone). */
  public record Cidr(byte[] network, int bits) {
    public static Cidr parse(String text) {
      String[] parts = text.trim().split("/", 2);
      byte[] address = literal(parts[0]);
      if (address == null) throw new IllegalArgumentException("not an address range: " + text);
      int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
      if (bits < 0 || bits > address.length * 8) throw new IllegalArgumentException("not an address range: " + text);
      return new Cidr(address, bits);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) return false;
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((address[i / 8] & mask) != (network[i / 8] & mask)) return false;
      }
      return true;
    }
  }

  /**
   * The client's address: {@code peer} (the connection's), then X-Forwarded-For's entries from the
   * right while the address so far is a trusted proxy.
   */
  public static String of(String peer, String forwardedFor, List<Cidr> trusted) {
    String client = peer;
    if (forwardedFor == null || forwardedFor.isBlank()) return client;
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0 && trusted(client, trusted); i--) {
      String hop = hops[i].trim();
      if (hop.isEmpty()) continue;
      client = hop;
    }
    return client;
  }

  private static boolean trusted(String address, List<Cidr> trusted) {
    byte[] bytes = literal(address);
    return bytes != null && trusted.stream().anyMatch(range -> range.contains(bytes));
  }

  private static byte[] literal(String text) {
    if (text == null || !LITERAL.matcher(text).matches()) return null;
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
