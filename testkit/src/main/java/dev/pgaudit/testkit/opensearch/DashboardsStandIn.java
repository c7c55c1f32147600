package dev.pgaudit.testkit.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for an Aiven for OpenSearch service's Dashboards (reference: shared/reference/opensearch.md
 * §3), over real HTTP on loopback: HTTP Basic auth, {@code osd-xsrf} on unsafe methods, tenants by
 * the {@code securitytenant} header, the saved-objects API and {@code _fields_for_wildcard}. Tests
 * arrange log indexes and hand-made objects here and read back what the operator stored;
 * {@link #options()} picks an answer for each [U] point.
 */
public final class DashboardsStandIn implements AutoCloseable {
  /** The Global tenant's store name. */
  public static final String GLOBAL = "global";
  /** The version this stand-in claims (an {@code osd-version} header must equal it). */
  public static final String VERSION = "2.17.0";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One request as the stand-in saw it (never its credentials). */
  public record Request(String method, String path, String query, String xsrf, String tenantHeader, String tenant,
      int status) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "dashboards-stand-in");
    t.setDaemon(true);
    return t;
  });
  private final DashboardsOptions options;
  private final SavedObjects objects = new SavedObjects();
  private final LogIndices indices = new LogIndices();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final String user;
  private volatile String password;

  private DashboardsStandIn(String user, String password, DashboardsOptions options) throws IOException {
    this.user = user;
    this.password = password;
    this.options = options;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", new DashboardsHandler(this));
    server.start();
  }

  public static DashboardsStandIn start(String user, String password) {
    return start(user, password, new DashboardsOptions());
  }

  public static DashboardsStandIn start(String user, String password, DashboardsOptions options) {
    try {
      return new DashboardsStandIn(user, password, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Dashboards stand-in", e);
    }
  }

  public String host() { return "127.0.0.1"; }

  public int port() { return server.getAddress().getPort(); }

  /** http://127.0.0.1:port plus the base path, without credentials. */
  public URI baseUri() { return URI.create("http://" + host() + ":" + port() + options.basePath()); }

  public String user() { return user; }

  public String password() { return password; }

  /** From now on only the new password is accepted (a rotated avnadmin password). */
  public void changePassword(String newPassword) { this.password = newPassword; }

  public DashboardsOptions options() { return options; }

  public List<Request> requests() { return List.copyOf(requests); }

  /** A daily log index with ordinary log documents only (no audit record yet). */
  public synchronized void addLogIndex(String name) { indices.addLogIndex(name); }

  /** Audit documents arrive in the index: from now on it has AIVEN_AUDIT_FROM and the PG_* fields. */
  public synchronized void addAuditDocuments(String name) { indices.addAuditDocuments(name); }

  public synchronized void removeIndex(String name) { indices.removeIndex(name); }

  /** The stored object as GET would answer it, in {@link #GLOBAL} or {@link #privateTenant}. */
  public synchronized Optional<ObjectNode> savedObject(String tenant, String type, String id) {
    return objects.peek(tenant, type, id);
  }

  /** Every stored object as "tenant type/id". */
  public synchronized List<String> savedObjects() { return objects.list(); }

  /** A user's work in the UI: creates or replaces an object with these attributes and references. */
  public synchronized void putDirectly(String tenant, String type, String id, Map<String, Object> attributes,
      List<Map<String, Object>> references) {
    ObjectNode body = MAPPER.createObjectNode();
    body.set("attributes", MAPPER.valueToTree(attributes));
    body.set("references", MAPPER.valueToTree(references == null ? List.of() : references));
    objects.create(tenant, type, id, body, true);
  }

  /** A user's edit in the UI: these attributes replace the stored ones. */
  public synchronized void editDirectly(String tenant, String type, String id, Map<String, Object> attributes) {
    ObjectNode body = MAPPER.createObjectNode();
    body.set("attributes", MAPPER.valueToTree(attributes));
    objects.update(tenant, type, id, body);
  }

  public synchronized void deleteDirectly(String tenant, String type, String id) {
    objects.delete(tenant, type, id);
  }

  /**
   * What the browser does on the first visit of a pattern without a field list (S16
   * isFieldRefreshRequired): fetches the fields now and saves them, scripted ones kept.
   */
  public synchronized void saveFieldListAsBrowserWould(String tenant, String id) {
    ObjectNode pattern = objects.get(tenant, "index-pattern", id);
    JsonNode fields = indices.fieldsFor(pattern.path("attributes").path("title").asText(),
        List.of("_source", "_id", "_type", "_index", "_score"), options).get("fields");
    editDirectly(tenant, "index-pattern", id, Map.of("fields", fields.toString()));
  }

  /** The private tenant of a user, as the security plugin names it. */
  public static String privateTenant(String user) { return "__user__/" + user; }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // --- used by the handler, under this object's lock ---

  synchronized JsonNode serve(String method, String path, Map<String, List<String>> query, JsonNode body, String tenant) {
    return new SavedObjectsApi(objects, indices, options).serve(method, path, query, body, tenant);
  }

  void logged(Request request) { requests.add(request); }

  boolean authenticated(String user, String password) {
    return this.user.equals(user) && this.password.equals(password);
  }
}
