package dev.keelson.shop.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * What the services need around them in a test: MongoDB (mongo-java-server, spoken to over the
 * wire by the real driver) and a JWT key pair made for the run, in the places Keelson and a
 * Secret would put them.
 */
public class ShopTestResources implements QuarkusTestResourceLifecycleManager {
  public static final String ADMIN_EMAIL = "admin@shop.test";
  private MongoServer mongo;

  @Override
  public Map<String, String> start() {
    mongo = new MongoServer(new MemoryBackend());
    var address = mongo.bind();
    try {
      Path keys = Files.createTempDirectory("shop-jwt");
      KeyPair pair = rsa();
      Files.writeString(keys.resolve("private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      Files.writeString(keys.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
      return Map.of(
          "keelson.mongodb.uri", "mongodb://" + address.getHostString() + ":" + address.getPort(),
          "keelson.mongodb.database", "users",
          "smallrye.jwt.sign.key.location", keys.resolve("private.pem").toUri().toString(),
          "mp.jwt.verify.publickey.location", keys.resolve("public.pem").toUri().toString(),
          "keelson.admin-emails", ADMIN_EMAIL);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (mongo != null) mongo.shutdownNow();
  }

  private static KeyPair rsa() {
    try {
      var generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
