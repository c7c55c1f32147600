package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.pgaudit.testkit.opensearch.DashboardsStandIn;
import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgLogin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stateful stand-in for the Aiven REST API (reference: shared/reference/aiven-api.md), served
 * over real HTTP on loopback. Tests and the demo arrange state through the methods here and
 * watch traffic through {@link #requests()}; {@link #faults()} and {@link #rateLimit} make it
 * misbehave; {@link #options()} picks an answer for each unconfirmed point of the reference.
 */
public final class AivenSimulator implements AutoCloseable {
  public static final String SERVICES_PATH = Routes.SERVICES;
  public static final String SERVICE_PATH = Routes.SERVICE;
  public static final String SERVICE_INTEGRATIONS_PATH = Routes.SERVICE_INTEGRATIONS;
  public static final String INTEGRATIONS_PATH = Routes.INTEGRATIONS;
  public static final String INTEGRATION_PATH = Routes.INTEGRATION;
  public static final Set<String> STATES = Set.of("RUNNING", "REBUILDING", "REBALANCING", "POWEROFF");

  private static final String BASE_PATH = "/v1";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final SimState state = new SimState(Clock.systemUTC());
  private final RequestLog log = new RequestLog();
  private final FaultPlan faults = new FaultPlan();
  private final RateLimiter rateLimiter = new RateLimiter();
  private final SimulatorOptions options;
  private final JsonViews views;
  private final Map<PgAuditCluster, PgauditControlPlane> controlPlanes = new java.util.IdentityHashMap<>();
  /** Runs the control planes' delayed work (one thread: changes land in order). */
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "aiven-simulator-control-plane");
    t.setDaemon(true);
    return t;
  });

  private AivenSimulator(int port, SimulatorOptions options) throws IOException {
    this.options = options;
    this.views = new JsonViews(state, options);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    AtomicInteger threads = new AtomicInteger();
    // Unbounded so a hanging request never blocks the others.
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "aiven-simulator-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", new SimulatorHandler(BASE_PATH, state, log, faults, rateLimiter, options));
    server.start();
  }

  /** Starts on a free loopback port. */
  public static AivenSimulator start() {
    return start(0, new SimulatorOptions());
  }

  /** Starts on {@code port} (0: any free port) of the loopback interface. */
  public static AivenSimulator start(int port, SimulatorOptions options) {
    try {
      return new AivenSimulator(port, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Aiven simulator on port " + port, e);
    }
  }

  /** e.g. http://127.0.0.1:41234/v1, to use as AivenClientConfig.baseUrl. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port() + BASE_PATH);
  }

  public int port() { return server.getAddress().getPort(); }

  public SimulatorOptions options() { return options; }

  public FaultPlan faults() { return faults; }

  public RequestLog requests() { return log; }

  /** Token bucket per API token: beyond {@code perSecond} (bursts up to {@code burst}) requests get 429. */
  public void rateLimit(double perSecond, int burst) { rateLimiter.configure(perSecond, burst); }

  public void removeRateLimit() { rateLimiter.disable(); }

  /** A token for every project that may read secrets. */
  public AivenSimulator addToken(String token) {
    state.putToken(token, new SimState.TokenGrant(null, true));
    return this;
  }

  /** A token limited to {@code projects} (null: all); without {@code canReadSecrets}, include_secrets gives 403. */
  public AivenSimulator addToken(String token, Set<String> projects, boolean canReadSecrets) {
    state.putToken(token, new SimState.TokenGrant(projects == null ? null : Set.copyOf(projects), canReadSecrets));
    return this;
  }

  /** Later requests with this token get 401 "Missing (expired) db token". */
  public void revokeToken(String token) { state.revokeToken(token); }

  public AivenSimulator addProject(String project) {
    state.addProject(project);
    return this;
  }

  /**
   * A RUNNING pg service that stands for {@code cluster}: its service_uri_params are avnadmin's, and
   * the simulator acts as Aiven's control plane for it: user_config.pgaudit reaches the server
   * (extension, ALTER SYSTEM) after {@link SimulatorOptions#pgauditActivationDelay()}, with the
   * activation window of {@link PgauditControlPlane}. Several services may share one cluster.
   */
  public void addPgService(String project, String name, String pgVersion, PgAuditCluster cluster) {
    addPgService(project, name, pgVersion, cluster.avnadminParams());
    synchronized (state) {
      PgauditControlPlane plane = controlPlanes.computeIfAbsent(cluster,
          c -> new PgauditControlPlane(c, PgAuditCluster.ADMIN_DATABASE, scheduler, options));
      plane.attach(state.service(project, name));
    }
  }

  /**
   * A RUNNING pg service whose service_uri_params point at the PostgreSQL {@code sqlSide}, with no
   * control plane: pgaudit changes never reach that server and there is no activation window.
   */
  public void addPgService(String project, String name, String pgVersion, PgLogin sqlSide) {
    ObjectNode userConfig = JsonNodeFactory.instance.objectNode().put("pg_version", Objects.requireNonNull(pgVersion));
    SimService service = new SimService(project, name, "pg", "postgres", userConfig, state.now());
    service.uriParams.put("host", sqlSide.host());
    service.uriParams.put("port", Integer.toString(sqlSide.port()));
    service.uriParams.put("user", sqlSide.user() == null ? "avnadmin" : sqlSide.user());
    service.uriParams.put("password", sqlSide.password());
    service.uriParams.put("dbname", sqlSide.dbname() == null ? "defaultdb" : sqlSide.dbname());
    service.uriParams.put("sslmode", sqlSide.sslmode() == null ? "require" : sqlSide.sslmode());
    state.addService(service);
  }

  /** A RUNNING OpenSearch service (no real OpenSearch behind it; its Dashboards URI leads nowhere). */
  public void addOpenSearchService(String project, String name) {
    // A host name carries only letters, digits and '-': tests give services names no host may have.
    String host = (name + "-" + project).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-") + ".a.aivencloud.com";
    addOpenSearchService(project, name, UUID.randomUUID().toString().replace("-", "").substring(0, 16),
        URI.create("https://" + host + ":443"));
  }

  /**
   * A RUNNING OpenSearch service whose Dashboards is {@code dashboards}: the service object's
   * opensearch_dashboards_uri and component point at it, and avnadmin's password is the stand-in's.
   */
  public void addOpenSearchService(String project, String name, DashboardsStandIn dashboards) {
    addOpenSearchService(project, name, dashboards.password(), dashboards.baseUri());
  }

  private void addOpenSearchService(String project, String name, String password, URI dashboardsUri) {
    ObjectNode userConfig = JsonNodeFactory.instance.objectNode()
        .put("opensearch_version", UserConfigSchemas.DEFAULT_OPENSEARCH_VERSION);
    SimService service = new SimService(project, name, "opensearch", "https", userConfig, state.now());
    service.uriParams.put("host", name + "-" + project + ".a.aivencloud.com");
    service.uriParams.put("port", "12693");
    service.uriParams.put("user", "avnadmin");
    service.uriParams.put("password", password);
    service.dashboardsUri = dashboardsUri;
    state.addService(service);
  }

  /** user_config.opensearch_dashboards.enabled, as a console edit: false hides the Dashboards URI and component. */
  public void setDashboardsEnabled(String project, String name, boolean enabled) {
    putUserConfigDirectly(project, name, Map.of("opensearch_dashboards", Map.of("enabled", enabled)));
  }

  /** A new avnadmin password (as after a reset in the console). */
  public void setAdminPassword(String project, String name, String password) {
    synchronized (state) {
      state.service(project, name).uriParams.put("password", password);
    }
  }

  /** Deletes the service and every integration it takes part in. */
  public void removeService(String project, String name) {
    synchronized (state) {
      SimService service = state.service(project, name);
      state.removeService(project, name);
      if (service.controlPlane != null) service.controlPlane.detach(service);
    }
  }

  /** RUNNING, REBUILDING, REBALANCING or POWEROFF. */
  public void setState(String project, String service, String newState) {
    if (!STATES.contains(newState)) throw new IllegalArgumentException("unknown service state " + newState);
    synchronized (state) {
      state.service(project, service).state = newState;
    }
  }

  public String state(String project, String service) {
    synchronized (state) {
      return state.service(project, service).state;
    }
  }

  /** A deep copy of the stored user_config (no defaults filled in, secrets included). */
  public Map<String, Object> userConfig(String project, String service) {
    synchronized (state) {
      return MAPPER.convertValue(state.service(project, service).userConfig, new TypeReference<>() {});
    }
  }

  public Instant updateTime(String project, String service) {
    synchronized (state) {
      return state.service(project, service).updateTime;
    }
  }

  /** A console edit: merged like a PUT (null removes a key) but without validation, e.g. to create drift. */
  public void putUserConfigDirectly(String project, String service, Map<String, Object> patch) {
    JsonNode json = MAPPER.valueToTree(patch);
    synchronized (state) {
      SimService s = state.service(project, service);
      JsonNode pgauditBefore = s.userConfig.path("pgaudit").deepCopy();
      UserConfigMerge.merge(s.userConfig, json, null);
      s.updateTime = state.now();
      s.userConfigChanged(pgauditBefore);
    }
  }

  /** Creates a logs integration as if made elsewhere (console, Terraform); returns its id. */
  public String addLogsIntegration(String project, String source, String destProject, String dest,
      Map<String, Object> userConfig) {
    synchronized (state) {
      state.service(project, source);
      state.service(destProject, dest);
      String id = UUID.randomUUID().toString();
      ObjectNode config = MAPPER.valueToTree(userConfig == null ? Map.of() : userConfig);
      state.addIntegration(new SimIntegration(id, project, "logs", project, source, destProject, dest, config,
          state.now()));
      return id;
    }
  }

  /** The integrations created in {@code project}, as they are now. */
  public List<IntegrationSnapshot> integrations(String project) {
    synchronized (state) {
      return state.integrationsIn(project).stream()
          .map(i -> new IntegrationSnapshot(i.id, i.type, i.sourceProject, i.sourceService, i.destProject, i.destService,
              views.status(i).active(), MAPPER.convertValue(i.userConfig, new TypeReference<Map<String, Object>>() {})))
          .toList();
    }
  }

  /** From now on the integration fails (never active) with these errors and likely_error_cause. */
  public void failIntegration(String project, String id, List<String> errors, String likelyErrorCause) {
    synchronized (state) {
      state.integration(project, id).failure = new SimulatorOptions.IntegrationFailure(errors, likelyErrorCause);
    }
  }

  /** Clears an injected failure: the integration starts again (inactive for the activation delay, then running). */
  public void recoverIntegration(String project, String id) {
    synchronized (state) {
      SimIntegration i = state.integration(project, id);
      i.failure = null;
      i.startedAt = state.now();
    }
  }

  /** integration_status.state.status as the API shows it now: starting, running or failed. */
  public String integrationStatus(String project, String id) {
    synchronized (state) {
      return views.status(state.integration(project, id)).status();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow(); // interrupts hanging requests
    scheduler.shutdownNow();
  }

  @Override
  public String toString() {
    return "AivenSimulator[" + baseUrl() + "]";
  }

  public static void main(String[] args) {
    AivenSimulatorMain.run(args);
  }
}
