package dev.keelson.standins.mongodb;

import de.bwaldvogel.mongo.MongoServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The MongoDB stand-in's {@code mongod}: takes the command line Keelson's StatefulSet gives mongod
 * (MongoStatefulSetDependent) and the administrator the official image's entrypoint would create
 * from {@code MONGO_INITDB_ROOT_USERNAME} and {@code _PASSWORD}, and serves {@link StandInBackend}
 * on port 27017. An option it does not know, a keyfile others may read (mongod refuses it too) or a
 * missing --dbpath stops it with a message. Data lives in memory only: a restarted member starts
 * empty, and Keelson initiates it and creates its users again.
 */
public final class Mongod {
  private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

  private Mongod() {}

  /** The parsed command line. */
  record Options(String replSet, String bindIp, int port, Path keyFile, Path dbPath, boolean requireTls, Path certificateKeyFile) {
    static Options parse(List<String> args) {
      String replSet = null;
      String bindIp = "127.0.0.1";
      int port = 27017;
      Path keyFile = null;
      Path dbPath = Path.of("/data/db");
      String tlsMode = "disabled";
      Path pem = null;
      var rest = new ArrayList<>(args);
      if (!rest.isEmpty() && rest.get(0).equals("mongod")) rest.remove(0);
      for (int i = 0; i < rest.size(); i++) {
        String option = rest.get(i);
        switch (option) {
          case "--bind_ip_all" -> bindIp = "0.0.0.0";
          case "--tlsAllowConnectionsWithoutCertificates" -> { }
          case "--replSet", "--bind_ip", "--port", "--keyFile", "--dbpath", "--tlsMode", "--tlsCertificateKeyFile", "--tlsCAFile" -> {
            if (i + 1 >= rest.size()) throw new IllegalArgumentException(option + " needs a value");
            String value = rest.get(++i);
            switch (option) {
              case "--replSet" -> replSet = value;
              case "--bind_ip" -> bindIp = value;
              case "--port" -> port = Integer.parseInt(value);
              case "--keyFile" -> keyFile = Path.of(value);
              case "--dbpath" -> dbPath = Path.of(value);
              case "--tlsMode" -> tlsMode = value;
              case "--tlsCertificateKeyFile" -> pem = Path.of(value);
              default -> { } // --tlsCAFile: clients need not present certificates
            }
          }
          default -> throw new IllegalArgumentException("this MongoDB stand-in does not know the option " + option);
        }
      }
      if (!tlsMode.equals("disabled") && !tlsMode.equals("requireTLS")) {
        throw new IllegalArgumentException("--tlsMode " + tlsMode + ": this stand-in serves disabled or requireTLS");
      }
      boolean tls = tlsMode.equals("requireTLS");
      if (tls && pem == null) throw new IllegalArgumentException("--tlsMode requireTLS needs --tlsCertificateKeyFile");
      return new Options(replSet, bindIp, port, keyFile, dbPath, tls, pem);
    }
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(List.of(args));
      check(options);
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("mongod (Keelson's MongoDB stand-in): " + e.getMessage());
      System.exit(2);
      return;
    }
    String hostName = System.getenv("HOSTNAME") != null ? System.getenv("HOSTNAME") : InetAddress.getLocalHost().getHostName();
    MongoServer server = start(options, System.getenv(), hostName);
    System.out.println("mongod (Keelson's MongoDB stand-in, mongo-java-server in memory) listening on " + options.bindIp() + ":" + options.port()
        + (options.requireTls() ? " over TLS only" : "") + (options.replSet() == null ? "" : ", replica set " + options.replSet()));
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongod-shutdown"));
    Thread.currentThread().join();
  }

  /** Starts serving; the caller stops the server. */
  static MongoServer start(Options options, Map<String, String> environment, String hostName) throws IOException {
    var backend = new StandInBackend(hostName, options.replSet());
    String rootUser = environment.get("MONGO_INITDB_ROOT_USERNAME");
    String rootPassword = environment.get("MONGO_INITDB_ROOT_PASSWORD");
    if (rootUser != null && rootPassword != null) backend.putRoot(rootUser, rootPassword);
    var server = new MongoServer(backend);
    if (options.requireTls()) {
      String pem = Files.readString(options.certificateKeyFile());
      server.enableSsl(privateKey(pem), null, certificates(pem).toArray(X509Certificate[]::new));
    }
    server.bind(options.bindIp(), options.port());
    return server;
  }

  private static void check(Options options) throws IOException {
    if (!Files.isDirectory(options.dbPath())) throw new IllegalArgumentException("--dbpath " + options.dbPath() + " is not a directory");
    if (options.keyFile() != null) {
      var permissions = Files.getPosixFilePermissions(options.keyFile());
      if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        throw new IllegalArgumentException("permissions on " + options.keyFile() + " are too open");
      }
      if (!permissions.contains(PosixFilePermission.OWNER_READ) || Files.readString(options.keyFile()).isBlank()) {
        throw new IllegalArgumentException("the keyfile " + options.keyFile() + " is unreadable or empty");
      }
    }
  }

  static PrivateKey privateKey(String pem) {
    var matcher = PEM.matcher(pem);
    while (matcher.find()) {
      if (!matcher.group(1).equals("PRIVATE KEY")) continue;
      var spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(2)));
      for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
        try {
          return KeyFactory.getInstance(algorithm).generatePrivate(spec);
        } catch (GeneralSecurityException e) {
          // the next algorithm
        }
      }
      throw new IllegalArgumentException("the PKCS#8 key is neither EC, RSA nor Ed25519");
    }
    throw new IllegalArgumentException("no PKCS#8 PRIVATE KEY in the certificate key file");
  }

  static List<X509Certificate> certificates(String pem) {
    var certificates = new ArrayList<X509Certificate>();
    var matcher = PEM.matcher(pem);
    try {
      var factory = CertificateFactory.getInstance("X.509");
      while (matcher.find()) {
        if (!matcher.group(1).equals("CERTIFICATE")) continue;
        String block = "-----BEGIN CERTIFICATE-----" + matcher.group(2) + "-----END CERTIFICATE-----\n";
        certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.getBytes(StandardCharsets.US_ASCII))));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("a certificate in the certificate key file cannot be read: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) throw new IllegalArgumentException("no CERTIFICATE in the certificate key file");
    return certificates;
  }
}
