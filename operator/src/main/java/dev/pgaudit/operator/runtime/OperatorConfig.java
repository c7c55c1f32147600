package dev.pgaudit.operator.runtime;

import dev.pgaudit.operator.aiven.AivenClientConfig;
import dev.pgaudit.operator.tenancy.TenancyParser;
import dev.pgaudit.operator.tenancy.TenancyRules;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The operator process's configuration, read from environment variables (see the runtime
 * contract). {@code aivenToken} is never shown by {@link #toString()}.
 *
 * @param aivenToken null when not set
 * @param aivenTokenFile null when not set; when set it wins over {@code aivenToken}
 * @param watchNamespaces empty = all namespaces
 * @param httpPort 0 = any free port (tests only; the environment variable must be 1–65535)
 * @param aivenRateLimit requests per second per Aiven token the operator sends at most (bursts of
 *     as many); 0 = no limit
 * @param tenancy which namespaces may use the default token on which services (PGAUDIT_TENANCY,
 *     YAML or JSON); default: none may
 */
public record OperatorConfig(
    URI aivenApiUrl,
    String aivenToken,
    Path aivenTokenFile,
    Duration aivenConnectTimeout,
    Duration aivenReadTimeout,
    Set<String> watchNamespaces,
    Duration resyncPeriod,
    int reconcileConcurrency,
    int httpPort,
    boolean leaderElection,
    String leaderElectionNamespace,
    String podName,
    String logLevel,
    double aivenRateLimit,
    TenancyRules tenancy) {

  public static final String LEASE_NAME = "pgaudit-operator-leader";
  /**
   * 10% under the 10 requests/s the simulator and the benchmark assume for the Aiven API (the real
   * limit is not published): at exactly the API's rate, jitter on the way bunches requests into 429s.
   */
  public static final double DEFAULT_AIVEN_RATE_LIMIT = 9;
  public static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** What the environment cannot tell: the service-account namespace file and the host name. */
  public interface Host {
    /** The namespace in /var/run/secrets/kubernetes.io/serviceaccount/namespace, when running in a Pod. */
    Optional<String> serviceAccountNamespace();

    String hostname();
  }

  public OperatorConfig {
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  /** With the default Aiven rate limit. */
  public OperatorConfig(URI aivenApiUrl, String aivenToken, Path aivenTokenFile, Duration aivenConnectTimeout,
      Duration aivenReadTimeout, Set<String> watchNamespaces, Duration resyncPeriod, int reconcileConcurrency, int httpPort,
      boolean leaderElection, String leaderElectionNamespace, String podName, String logLevel) {
    this(aivenApiUrl, aivenToken, aivenTokenFile, aivenConnectTimeout, aivenReadTimeout, watchNamespaces, resyncPeriod,
        reconcileConcurrency, httpPort, leaderElection, leaderElectionNamespace, podName, logLevel, DEFAULT_AIVEN_RATE_LIMIT,
        TenancyRules.DEFAULT);
  }

  public static OperatorConfig fromEnvironment() {
    return parse(System.getenv(), SystemHost.INSTANCE);
  }

  /** @throws ConfigException listing every variable with a bad value */
  public static OperatorConfig parse(Map<String, String> env, Host host) {
    Reader r = new Reader(env);
    URI apiUrl = r.read("PGAUDIT_AIVEN_API_URL", AivenClientConfig.DEFAULT_BASE_URL, OperatorConfig::httpUrl);
    String token = r.raw("PGAUDIT_AIVEN_TOKEN").map(String::trim).orElse(null);
    Path tokenFile = r.read("PGAUDIT_AIVEN_TOKEN_FILE", null, Path::of);
    Duration connectTimeout = r.read("PGAUDIT_AIVEN_CONNECT_TIMEOUT", Duration.ofSeconds(10), OperatorConfig::positive);
    Duration readTimeout = r.read("PGAUDIT_AIVEN_READ_TIMEOUT", Duration.ofSeconds(30), OperatorConfig::positive);
    Set<String> namespaces = r.read("PGAUDIT_WATCH_NAMESPACES", Set.of(), OperatorConfig::namespaceList);
    Duration resync = r.read("PGAUDIT_RESYNC_PERIOD", Duration.ofMinutes(5), OperatorConfig::positive);
    int concurrency = r.read("PGAUDIT_RECONCILE_CONCURRENCY", 4, v -> intIn(v, 1, 1000));
    int port = r.read("PGAUDIT_HTTP_PORT", 8080, v -> intIn(v, 1, 65535));
    boolean leaderElection = r.read("PGAUDIT_LEADER_ELECTION", true, OperatorConfig::bool);
    String leaseNamespace = r.read("PGAUDIT_LEADER_ELECTION_NAMESPACE", null, OperatorConfig::namespace);
    if (leaseNamespace == null) {
      leaseNamespace = r.read("POD_NAMESPACE", null, OperatorConfig::namespace);
    }
    if (leaseNamespace == null) {
      leaseNamespace = host.serviceAccountNamespace().map(String::trim).filter(s -> !s.isEmpty()).orElse("default");
    }
    String podName = r.raw("POD_NAME").map(String::trim).orElseGet(host::hostname);
    String logLevel = r.read("PGAUDIT_LOG_LEVEL", "INFO", OperatorConfig::logLevel);
    double rateLimit = r.read("PGAUDIT_AIVEN_RATE_LIMIT", DEFAULT_AIVEN_RATE_LIMIT, OperatorConfig::rate);
    TenancyRules tenancy = r.read("PGAUDIT_TENANCY", TenancyRules.DEFAULT, TenancyParser::parse);
    r.failIfProblems();
    return new OperatorConfig(apiUrl, token, tokenFile, connectTimeout, readTimeout, namespaces, resync, concurrency,
        port, leaderElection, leaseNamespace, podName, logLevel, rateLimit, tenancy);
  }

  public OperatorConfig withHttpPort(int port) {
    return new OperatorConfig(aivenApiUrl, aivenToken, aivenTokenFile, aivenConnectTimeout, aivenReadTimeout,
        watchNamespaces, resyncPeriod, reconcileConcurrency, port, leaderElection, leaderElectionNamespace, podName,
        logLevel, aivenRateLimit, tenancy);
  }

  public OperatorConfig withTenancy(TenancyRules rules) {
    return new OperatorConfig(aivenApiUrl, aivenToken, aivenTokenFile, aivenConnectTimeout, aivenReadTimeout,
        watchNamespaces, resyncPeriod, reconcileConcurrency, httpPort, leaderElection, leaderElectionNamespace, podName,
        logLevel, aivenRateLimit, rules);
  }

  @Override
  public String toString() {
    return "OperatorConfig[aivenApiUrl=" + aivenApiUrl
        + ", aivenToken=" + (aivenToken == null || aivenToken.isEmpty() ? "<not set>" : "<set>")
        + ", aivenTokenFile=" + (aivenTokenFile == null ? "<not set>" : aivenTokenFile)
        + ", aivenConnectTimeout=" + Durations.format(aivenConnectTimeout)
        + ", aivenReadTimeout=" + Durations.format(aivenReadTimeout)
        + ", watchNamespaces=" + (watchNamespaces.isEmpty() ? "<all>" : String.join(",", watchNamespaces.stream().sorted().toList()))
        + ", resyncPeriod=" + Durations.format(resyncPeriod)
        + ", reconcileConcurrency=" + reconcileConcurrency
        + ", httpPort=" + httpPort
        + ", leaderElection=" + leaderElection
        + (leaderElection ? ", lease=" + leaderElectionNamespace + "/" + LEASE_NAME + ", identity=" + podName : "")
        + ", logLevel=" + logLevel
        + ", aivenRateLimit=" + (aivenRateLimit == 0 ? "off" : aivenRateLimit + "/s")
        + ", tenancy=" + tenancy + "]";
  }

  private static URI httpUrl(String value) {
    URI uri;
    try {
      uri = URI.create(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected an http(s) URL such as https://api.aiven.io/v1, got '" + value + "'");
    }
    if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
        || uri.getHost() == null || uri.getRawUserInfo() != null) {
      // The value is not echoed when it carries user info: that part could be a credential.
      throw new IllegalArgumentException("expected an http(s) URL such as https://api.aiven.io/v1 without user info, got '"
          + (uri.getRawUserInfo() != null ? "<redacted>" : value) + "'");
    }
    return uri;
  }

  private static Duration positive(String value) {
    Duration d = Durations.parse(value);
    if (d.isZero() || d.isNegative()) throw new IllegalArgumentException("must be more than zero, got '" + value + "'");
    return d;
  }

  private static double rate(String value) {
    double rate;
    try {
      rate = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected requests per second such as 10 or 2.5 (0 = no limit), got '" + value + "'");
    }
    if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("expected requests per second >= 0 (0 = no limit), got " + value.trim());
    }
    return rate;
  }

  private static int intIn(String value, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number from " + min + " to " + max + ", got '" + value + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException("expected a whole number from " + min + " to " + max + ", got " + n);
    }
    return n;
  }

  private static boolean bool(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("expected true or false, got '" + value + "'");
    };
  }

  private static String namespace(String value) {
    String ns = value.trim();
    if (!DNS_LABEL.matcher(ns).matches()) {
      throw new IllegalArgumentException("'" + ns + "' is not a valid namespace name (lowercase letters, digits and '-', at most 63)");
    }
    return ns;
  }

  private static Set<String> namespaceList(String value) {
    Set<String> out = new LinkedHashSet<>();
    List<String> bad = new ArrayList<>();
    for (String part : value.split(",")) {
      String ns = part.trim();
      if (ns.isEmpty()) continue;
      if (DNS_LABEL.matcher(ns).matches()) out.add(ns); else bad.add("'" + ns + "'");
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException("not valid namespace names: " + String.join(", ", bad)
          + " (expected a comma-separated list such as team-a,team-b)");
    }
    return out;
  }

  private static String logLevel(String value) {
    String level = value.trim().toUpperCase(Locale.ROOT);
    if (level.equals("WARNING")) level = "WARN";
    if (!LOG_LEVELS.contains(level)) {
      throw new IllegalArgumentException("expected one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got '" + value + "'");
    }
    return level;
  }

  /** Reads variables, treating empty values as unset, and gathers every problem before failing. */
  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    Optional<String> raw(String name) {
      return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    <T> T read(String name, T fallback, Function<String, T> parser) {
      Optional<String> value = raw(name);
      if (value.isEmpty()) return fallback;
      try {
        return parser.apply(value.get());
      } catch (IllegalArgumentException e) {
        problems.add(name + ": " + e.getMessage());
        return fallback;
      }
    }

    void failIfProblems() {
      if (!problems.isEmpty()) throw new ConfigException(problems);
    }
  }
}
