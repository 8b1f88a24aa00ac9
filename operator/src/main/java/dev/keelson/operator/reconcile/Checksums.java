package dev.keelson.operator.reconcile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;

/** SHA-256 checksums put on pod templates, so that a change of what they cover rolls the pods. */
public final class Checksums {
  private Checksums() {}

  /** The checksum of the parts, a 0 byte between each two. */
  public static String sha256(String... parts) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) digest.update((byte) 0);
        digest.update(parts[i].getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The checksum of configuration entries: each key and each value followed by a 0 byte, in key order. */
  public static String of(SortedMap<String, String> entries) {
    var parts = new ArrayList<String>();
    entries.forEach((k, v) -> {
      parts.add(k);
      parts.add(v);
    });
    parts.add("");
    return sha256(parts.toArray(String[]::new));
  }
}
