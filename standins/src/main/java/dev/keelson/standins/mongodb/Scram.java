package dev.keelson.standins.mongodb;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM-SHA-256 (RFC 5802, RFC 7677) from the server's side, as mongod speaks it in saslStart and
 * saslContinue. A user's password is kept only as its salted keys; a conversation checks the
 * client's proof and proves the server knows the same keys. Passwords are taken as their UTF-8
 * bytes (SASLprep leaves the printable ASCII ones Keelson generates unchanged).
 */
final class Scram {
  static final String MECHANISM = "SCRAM-SHA-256";
  /** mongod's default for SCRAM-SHA-256. */
  static final int ITERATIONS = 15_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private Scram() {}

  /** What the server keeps of a password. */
  record Credential(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    static Credential of(String password) {
      byte[] salt = new byte[28];
      RANDOM.nextBytes(salt);
      byte[] salted = pbkdf2(password, salt, ITERATIONS);
      return new Credential(salt, ITERATIONS, sha256(hmac(salted, "Client Key")), hmac(salted, "Server Key"));
    }
  }

  /** A failed exchange: the client's message was malformed, or its proof wrong. */
  static final class Failure extends Exception {
    Failure(String message) {
      super(message);
    }
  }

  /** One authentication of one client, from its first message to the server's signature. */
  static final class Conversation {
    private final String user;
    private final String clientFirstBare;
    private final String nonce;
    private String serverFirst;
    private boolean verified;

    private Conversation(String user, String clientFirstBare, String nonce) {
      this.user = user;
      this.clientFirstBare = clientFirstBare;
      this.nonce = nonce;
    }

    /** Reads client-first-message: {@code n,,n=user,r=nonce}. Channel binding is refused, as mongod does. */
    static Conversation start(String clientFirst) throws Failure {
      if (!clientFirst.startsWith("n,")) throw new Failure("channel binding is not supported");
      int headerEnd = clientFirst.indexOf(',', 2);
      if (headerEnd < 0) throw new Failure("malformed client-first-message");
      String bare = clientFirst.substring(headerEnd + 1);
      String user = null;
      String clientNonce = null;
      for (String attribute : bare.split(",")) {
        if (attribute.startsWith("n=")) user = attribute.substring(2).replace("=2C", ",").replace("=3D", "=");
        else if (attribute.startsWith("r=")) clientNonce = attribute.substring(2);
        else if (attribute.startsWith("m=")) throw new Failure("SCRAM extensions are not supported");
      }
      if (user == null || clientNonce == null || clientNonce.isEmpty()) throw new Failure("malformed client-first-message");
      byte[] own = new byte[24];
      RANDOM.nextBytes(own);
      return new Conversation(user, bare, clientNonce + B64.encodeToString(own));
    }

    String user() {
      return user;
    }

    /** server-first-message for the user's credential. */
    String serverFirst(Credential credential) {
      serverFirst = "r=" + nonce + ",s=" + B64.encodeToString(credential.salt()) + ",i=" + credential.iterations();
      return serverFirst;
    }

    /**
     * Checks client-final-message ({@code c=biws,r=nonce,p=proof}) against the credential and
     * answers with server-final-message ({@code v=signature}).
     */
    String finish(Credential credential, String clientFinal) throws Failure {
      if (serverFirst == null) throw new Failure("the conversation has not started");
      int proofAt = clientFinal.lastIndexOf(",p=");
      if (proofAt < 0) throw new Failure("malformed client-final-message");
      String withoutProof = clientFinal.substring(0, proofAt);
      String channelBinding = null;
      String finalNonce = null;
      for (String attribute : withoutProof.split(",")) {
        if (attribute.startsWith("c=")) channelBinding = attribute.substring(2);
        else if (attribute.startsWith("r=")) finalNonce = attribute.substring(2);
      }
      if (!"biws".equals(channelBinding)) throw new Failure("channel binding is not supported");
      if (!nonce.equals(finalNonce)) throw new Failure("the nonce does not match");
      byte[] proof;
      try {
        proof = B64D.decode(clientFinal.substring(proofAt + 3));
      } catch (IllegalArgumentException e) {
        throw new Failure("malformed proof");
      }
      String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
      byte[] clientSignature = hmac(credential.storedKey(), authMessage);
      if (proof.length != clientSignature.length) throw new Failure("Authentication failed.");
      byte[] clientKey = new byte[proof.length];
      for (int i = 0; i < proof.length; i++) clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
      if (!MessageDigest.isEqual(sha256(clientKey), credential.storedKey())) throw new Failure("Authentication failed.");
      verified = true;
      return "v=" + B64.encodeToString(hmac(credential.serverKey(), authMessage));
    }

    boolean verified() {
      return verified;
    }
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    try {
      var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
