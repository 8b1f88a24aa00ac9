package dev.keelson.operator.workload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SortedMap;

/** SHA-256 of configuration entries, put on the pod template so that a change rolls the pods. */
public final class ConfigChecksum {
  private ConfigChecksum() {}

  public static String of(SortedMap<String, String> entries) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      entries.forEach((k, v) -> {
        digest.update(k.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(v.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      });
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
