package dev.keelson.standins.mongodb;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mongo-java-server's in-memory backend with what a member of a Keelson replica set must do for
 * its clients, which mongo-java-server does not: users that authenticate with SCRAM-SHA-256 and
 * may do only what their roles allow (root; read or readWrite on one database), and a replica set
 * of this one member (replSetInitiate, replSetGetStatus, replSetGetConfig, replSetReconfig, and
 * the replica-set fields of hello). It does not replicate: a configuration with other members is
 * refused with a message that says so.
 */
final class StandInBackend extends IdIndexedMemoryBackend {
  static final String ADMIN_DB = "admin";
  private static final AttributeKey<User> AUTHENTICATED = AttributeKey.valueOf("keelson.user");
  private static final AttributeKey<Scram.Conversation> CONVERSATION = AttributeKey.valueOf("keelson.scram");
  private static final int UNAUTHORIZED = 13;
  private static final int AUTHENTICATION_FAILED = 18;
  /** What a client may ask before it authenticates (the handshake, the SASL conversation, liveness). */
  private static final Set<String> OPEN = Set.of("hello", "ismaster", "saslstart", "saslcontinue", "ping", "buildinfo",
      "whatsmyuri", "endsessions", "logout");
  private static final Set<String> READS = Set.of("find", "aggregate", "count", "distinct", "getmore", "killcursors",
      "listcollections", "listindexes", "dbstats", "collstats", "validate");
  private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "create", "createindexes",
      "drop", "dropindexes", "deleteindexes");

  /** A user: their database, name, SCRAM keys and roles. */
  record User(String database, String name, Scram.Credential credential, List<Role> roles) {
    String id() {
      return database + "." + name;
    }

    boolean root() {
      return roles.stream().anyMatch(r -> r.name().equals("root"));
    }
  }

  record Role(String name, String database) {}

  /** How this member is named in a configuration: its host name (a pod's name), before a dot or the port. */
  private final String hostName;
  /** This member's host:port in the configuration, once there is one. */
  private String self;
  /** "db.user" to user. */
  private final Map<String, User> users = new TreeMap<>();
  /** The cursors the users opened, by id: one user cannot read on with another's. */
  private final Map<Long, String> cursorOwners = new ConcurrentHashMap<>();
  private Document config;

  /** The --replSet name: a configuration must carry it, as mongod requires; null when mongod runs without one. */
  private final String replicaSetName;

  /**
   * @param hostName this member's host name: a configuration names it as {@code hostName[.domain]:port}
   * @param replicaSetName the name given with --replSet, or null
   */
  StandInBackend(String hostName, String replicaSetName) {
    this.hostName = hostName;
    this.replicaSetName = replicaSetName;
  }

  /** The administrator the image creates on start (MONGO_INITDB_ROOT_USERNAME and _PASSWORD). */
  synchronized void putRoot(String name, String password) {
    users.put(ADMIN_DB + "." + name, new User(ADMIN_DB, name, Scram.Credential.of(password), List.of(new Role("root", ADMIN_DB))));
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    String lower = command.toLowerCase(Locale.ROOT);
    User user = channel.attr(AUTHENTICATED).get();
    switch (lower) {
      case "saslstart":
        return saslStart(channel, database, query);
      case "saslcontinue":
        return saslContinue(channel, database, query);
      case "logout":
        channel.attr(AUTHENTICATED).set(null);
        return ok();
      case "hello":
      case "ismaster":
        return hello(command);
      default:
        break;
    }
    if (!OPEN.contains(lower)) authorize(user, database, lower, query);
    switch (lower) {
      case "replsetinitiate":
        return initiate((Document) query.get(command));
      case "replsetreconfig":
        return reconfigure((Document) query.get(command));
      case "replsetgetstatus":
        return ok().append("set", initiated().get("_id")).append("myState", 1).append("members", List.of(new Document("_id", selfMember().get("_id"))
            .append("name", selfMember().get("host")).append("health", 1.0).append("state", 1).append("stateStr", "PRIMARY").append("self", true)));
      case "replsetgetconfig":
        return ok().append("config", initiated());
      case "replsetstepdown":
        throw new MongoServerError(262, "ExceededTimeLimit", "No electable secondaries caught up (this stand-in is a one-member replica set)");
      case "usersinfo":
        return usersInfo(database, query.get(command));
      case "createuser":
      case "updateuser":
        return putUser(database, lower.equals("createuser"), query, command);
      case "dropuser":
        return dropUser(database, (String) query.get(command));
      case "getmore":
      case "killcursors":
        requireOwnCursors(user, lower, query, command);
        break;
      default:
        break;
    }
    Document reply = super.handleCommand(channel, database, command, query);
    rememberCursor(user, reply);
    return reply;
  }

  /** Queries outside commands (the wire protocol's legacy OP_QUERY on a collection) only for root. */
  @Override
  public de.bwaldvogel.mongo.backend.QueryResult handleQuery(MongoQuery query) {
    User user = query.getChannel().attr(AUTHENTICATED).get();
    if (user == null || !user.root()) throw unauthorized(query.getDatabaseName(), "query");
    return super.handleQuery(query);
  }

  private Document hello(String command) {
    Document reply = super.handleCommand(null, ADMIN_DB, "ismaster", new Document(command, 1));
    Document current;
    String me;
    synchronized (this) {
      current = config;
      me = self;
    }
    reply.put("helloOk", Boolean.TRUE);
    reply.put("saslSupportedMechs", List.of(Scram.MECHANISM));
    if (current == null) {
      reply.put("ismaster", Boolean.FALSE);
      reply.put("isWritablePrimary", Boolean.FALSE);
      reply.put("secondary", Boolean.FALSE);
      reply.put("isreplicaset", Boolean.TRUE);
      reply.put("info", "Does not have a valid replica set config");
    } else {
      reply.put("isWritablePrimary", Boolean.TRUE);
      reply.put("secondary", Boolean.FALSE);
      reply.put("setName", current.get("_id"));
      reply.put("setVersion", current.get("version"));
      reply.put("hosts", List.of(me));
      reply.put("primary", me);
      reply.put("me", me);
    }
    return reply;
  }

  private Document saslStart(Channel channel, String database, Document query) {
    if (!Scram.MECHANISM.equals(query.get("mechanism"))) {
      throw new MongoServerError(2, "BadValue", "Received authentication for mechanism " + query.get("mechanism")
          + " which is not enabled (this stand-in has " + Scram.MECHANISM + " only)");
    }
    try {
      var conversation = Scram.Conversation.start(Scram.utf8(payload(query)));
      User user = user(database, conversation.user());
      if (user == null) throw new MongoServerError(AUTHENTICATION_FAILED, "AuthenticationFailed", "Authentication failed.");
      channel.attr(CONVERSATION).set(conversation);
      channel.attr(AUTHENTICATED).set(null);
      return conversationReply(false, conversation.serverFirst(user.credential()));
    } catch (Scram.Failure e) {
      throw new MongoServerError(AUTHENTICATION_FAILED, "AuthenticationFailed", e.getMessage());
    }
  }

  private Document saslContinue(Channel channel, String database, Document query) {
    Scram.Conversation conversation = channel.attr(CONVERSATION).get();
    if (conversation == null) throw new MongoServerError(17, "ProtocolError", "No SASL session state found");
    if (conversation.verified()) {
      channel.attr(CONVERSATION).set(null);
      return conversationReply(true, "");
    }
    User user = user(database, conversation.user());
    try {
      if (user == null) throw new Scram.Failure("Authentication failed.");
      String serverFinal = conversation.finish(user.credential(), Scram.utf8(payload(query)));
      channel.attr(AUTHENTICATED).set(user);
      return conversationReply(false, serverFinal);
    } catch (Scram.Failure e) {
      channel.attr(CONVERSATION).set(null);
      throw new MongoServerError(AUTHENTICATION_FAILED, "AuthenticationFailed", e.getMessage());
    }
  }

  private static byte[] payload(Document query) {
    Object payload = query.get("payload");
    if (payload instanceof BinData data) return data.getData();
    if (payload instanceof byte[] bytes) return bytes;
    throw new MongoServerError(2, "BadValue", "the SASL payload is missing");
  }

  private static Document conversationReply(boolean done, String payload) {
    return ok().append("conversationId", 1).append("done", done)
        .append("payload", new BinData(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private void authorize(User user, String database, String command, Document query) {
    if (user == null) {
      throw new MongoServerError(UNAUTHORIZED, "Unauthorized", "Command " + command + " requires authentication");
    }
    if (user.root()) return;
    boolean write = WRITES.contains(command) || command.equals("aggregate") && writesOut(query);
    for (Role role : user.roles()) {
      if (!role.database().equals(database)) continue;
      if (role.name().equals("readWrite") && (write || READS.contains(command))) return;
      if (role.name().equals("read") && !write && READS.contains(command)) return;
    }
    throw unauthorized(database, command);
  }

  private static boolean writesOut(Document query) {
    Object pipeline = query.get("pipeline");
    if (!(pipeline instanceof List<?> stages)) return false;
    return stages.stream().anyMatch(s -> s instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge")));
  }

  private static MongoServerError unauthorized(String database, String command) {
    return new MongoServerError(UNAUTHORIZED, "Unauthorized", "not authorized on " + database + " to execute command { " + command + " }");
  }

  private void requireOwnCursors(User user, String command, Document query, String key) {
    if (user.root()) return;
    List<Long> ids = new ArrayList<>();
    if (command.equals("getmore")) ids.add(((Number) query.get(key)).longValue());
    else if (query.get("cursors") instanceof List<?> list) list.forEach(id -> ids.add(((Number) id).longValue()));
    for (Long id : ids) {
      if (!user.id().equals(cursorOwners.get(id))) throw new MongoServerError(UNAUTHORIZED, "Unauthorized", "cursor id " + id + " was not created by the authenticated user");
    }
  }

  private void rememberCursor(User user, Document reply) {
    if (user != null && reply != null && reply.get("cursor") instanceof Document cursor && cursor.get("id") instanceof Number id && id.longValue() != 0) {
      cursorOwners.put(id.longValue(), user.id());
    }
  }

  private synchronized Document initiate(Document proposed) {
    if (config != null) throw new MongoServerError(23, "AlreadyInitialized", "already initialized");
    config = validated(proposed, 1);
    return ok();
  }

  private synchronized Document reconfigure(Document proposed) {
    int version = ((Number) initiated().get("version")).intValue();
    Object next = proposed == null ? null : proposed.get("version");
    if (!(next instanceof Number n) || n.intValue() != version + 1) {
      throw new MongoServerError(103, "NewReplicaSetConfigurationIncompatible", "version must be " + (version + 1) + ", not " + next);
    }
    if (!initiated().get("_id").equals(proposed.get("_id"))) {
      throw new MongoServerError(103, "NewReplicaSetConfigurationIncompatible", "the replica set's name cannot change");
    }
    config = validated(proposed, n.intValue());
    return ok();
  }

  /** The configuration as stored: this member only, by the name it is given. */
  @SuppressWarnings("unchecked")
  private Document validated(Document proposed, int version) {
    if (proposed == null || !(proposed.get("_id") instanceof String name) || !(proposed.get("members") instanceof List<?> members)) {
      throw new MongoServerError(93, "InvalidReplicaSetConfig", "a configuration needs _id and members");
    }
    if (replicaSetName == null) throw new MongoServerError(76, "NoReplicationEnabled", "This node was not started with replication enabled.");
    if (!replicaSetName.equals(name)) {
      throw new MongoServerError(93, "InvalidReplicaSetConfig", "Attempting to initiate a replica set with name " + name
          + ", but command line reports " + replicaSetName + "; rejecting");
    }
    if (members.size() != 1 || !(members.get(0) instanceof Document member) || !(member.get("host") instanceof String host)
        || !(host.startsWith(hostName + ".") || host.startsWith(hostName + ":"))) {
      throw new MongoServerError(93, "InvalidReplicaSetConfig", "this MongoDB stand-in does not replicate: it runs a replica set of"
          + " itself alone (" + hostName + "), and was given " + members.size() + " member(s): " + members);
    }
    self = host;
    return new Document("_id", name).append("version", version).append("members", List.of(new Document(member)));
  }

  private synchronized Document initiated() {
    if (config == null) throw new MongoServerError(94, "NotYetInitialized", "no replset config has been received");
    return config;
  }

  @SuppressWarnings("unchecked")
  private synchronized Document selfMember() {
    return ((List<Document>) initiated().get("members")).get(0);
  }

  private synchronized User user(String database, String name) {
    return users.get(database + "." + name);
  }

  private synchronized Document usersInfo(String database, Object which) {
    var listed = users.values().stream().filter(u -> {
      if (which instanceof Document d && Boolean.TRUE.equals(d.get("forAllDBs"))) return true;
      if (which instanceof String name) return u.database().equals(database) && u.name().equals(name);
      return u.database().equals(database);
    }).map(u -> new Document("_id", u.id()).append("db", u.database()).append("user", u.name())
        .append("roles", u.roles().stream().map(r -> new Document("role", r.name()).append("db", r.database())).toList())
        .append("mechanisms", List.of(Scram.MECHANISM))).toList();
    return ok().append("users", listed);
  }

  private synchronized Document putUser(String database, boolean create, Document query, String command) {
    if (!(query.get(command) instanceof String name) || name.isEmpty()) throw new MongoServerError(2, "BadValue", "a user needs a name");
    String id = database + "." + name;
    User existing = users.get(id);
    if (create && existing != null) throw new MongoServerError(51003, "Location51003", "User \"" + name + "@" + database + "\" already exists");
    if (!create && existing == null) throw new MongoServerError(11, "UserNotFound", "Could not find user \"" + name + "\" for db \"" + database + "\"");
    Object password = query.get("pwd");
    if (create && !(password instanceof String)) throw new MongoServerError(2, "BadValue", "Must provide a 'pwd' field for all user documents");
    Scram.Credential credential = password instanceof String p ? Scram.Credential.of(p) : existing.credential();
    List<Role> roles = query.containsKey("roles") ? roles(database, query.get("roles")) : existing.roles();
    users.put(id, new User(database, name, credential, roles));
    return ok();
  }

  private static List<Role> roles(String database, Object given) {
    if (!(given instanceof List<?> list)) throw new MongoServerError(2, "BadValue", "roles must be an array");
    var roles = new ArrayList<Role>();
    for (Object entry : list) {
      Role role = entry instanceof String name ? new Role(name, database)
          : entry instanceof Document d && d.get("role") instanceof String name && d.get("db") instanceof String db ? new Role(name, db)
          : null;
      if (role == null) throw new MongoServerError(2, "BadValue", "a role is a name or {role, db}");
      boolean known = role.name().equals("read") || role.name().equals("readWrite") || role.name().equals("root") && role.database().equals(ADMIN_DB);
      if (!known) {
        throw new MongoServerError(31, "RoleNotFound", "Could not find role: " + role.name() + "@" + role.database()
            + " (this stand-in has root@admin, read and readWrite)");
      }
      roles.add(role);
    }
    return List.copyOf(roles);
  }

  private synchronized Document dropUser(String database, String name) {
    if (users.remove(database + "." + name) == null) {
      throw new MongoServerError(11, "UserNotFound", "User \"" + name + "@" + database + "\" not found");
    }
    return ok();
  }

  private static Document ok() {
    return new Document("ok", 1.0);
  }
}
