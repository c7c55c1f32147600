package dev.pgaudit.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {
  private static OperatorConfig.Host host(String serviceAccountNamespace) {
    return new OperatorConfig.Host() {
      @Override public Optional<String> serviceAccountNamespace() { return Optional.ofNullable(serviceAccountNamespace); }
      @Override public String hostname() { return "host-1"; }
    };
  }

  private static OperatorConfig parse(Map<String, String> env) {
    return OperatorConfig.parse(env, host(null));
  }

  @Test
  void defaultsFollowTheRuntimeContract() {
    OperatorConfig c = parse(Map.of());
    assertThat(c.aivenApiUrl()).isEqualTo(URI.create("https://api.aiven.io/v1"));
    assertThat(c.aivenToken()).isNull();
    assertThat(c.aivenTokenFile()).isNull();
    assertThat(c.aivenConnectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.aivenReadTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.watchNamespaces()).isEmpty();
    assertThat(c.resyncPeriod()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.reconcileConcurrency()).isEqualTo(4);
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.leaderElection()).isTrue();
    assertThat(c.leaderElectionNamespace()).isEqualTo("default");
    assertThat(c.podName()).isEqualTo("host-1");
    assertThat(c.logLevel()).isEqualTo("INFO");
    assertThat(c.aivenRateLimit()).isEqualTo(9.0);
  }

  @Test
  void theTenancyRuleSetDeniesByDefaultAndIsReadFromPgauditTenancy() {
    assertThat(parse(Map.of()).tenancy()).isEqualTo(dev.pgaudit.operator.tenancy.TenancyRules.DEFAULT);
    OperatorConfig c = parse(Map.of("PGAUDIT_TENANCY", "{\"namespaces\":[{\"namespace\":\"team-a\",\"services\":[{\"project\":\"acme\"}]}]}"));
    assertThat(c.tenancy().namespaces()).singleElement().satisfies(r -> assertThat(r.namespace()).isEqualTo("team-a"));
    assertThat(c.toString()).contains("tenancy=TenancyRules[allowAll=false, restrictOwnTokens=false, namespaces=[team-a->[acme/*]]");
    assertThatThrownBy(() -> parse(Map.of("PGAUDIT_TENANCY", "{\"alowAll\": true}"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("PGAUDIT_TENANCY: tenancy.alowAll: unknown key");
  }

  @Test
  void theAivenRateLimitIsRequestsPerSecondAndZeroTurnsItOff() {
    assertThat(parse(Map.of("PGAUDIT_AIVEN_RATE_LIMIT", "2.5")).aivenRateLimit()).isEqualTo(2.5);
    assertThat(parse(Map.of("PGAUDIT_AIVEN_RATE_LIMIT", "0")).aivenRateLimit()).isZero();
    assertThat(parse(Map.of("PGAUDIT_AIVEN_RATE_LIMIT", "0")).toString()).contains("aivenRateLimit=off");
    assertThatThrownBy(() -> parse(Map.of("PGAUDIT_AIVEN_RATE_LIMIT", "-1"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("PGAUDIT_AIVEN_RATE_LIMIT: expected requests per second >= 0");
    assertThatThrownBy(() -> parse(Map.of("PGAUDIT_AIVEN_RATE_LIMIT", "fast"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("PGAUDIT_AIVEN_RATE_LIMIT: expected requests per second such as 10");
  }

  @Test
  void everyVariableIsRead() {
    Map<String, String> env = new HashMap<>();
    env.put("PGAUDIT_AIVEN_API_URL", "http://127.0.0.1:8181/v1");
    env.put("PGAUDIT_AIVEN_TOKEN", " tok-123 ");
    env.put("PGAUDIT_AIVEN_TOKEN_FILE", "/var/run/secrets/pgaudit/aiven/token");
    env.put("PGAUDIT_AIVEN_CONNECT_TIMEOUT", "3s");
    env.put("PGAUDIT_AIVEN_READ_TIMEOUT", "PT1M");
    env.put("PGAUDIT_WATCH_NAMESPACES", "team-a, team-b,,");
    env.put("PGAUDIT_RESYNC_PERIOD", "1h30m");
    env.put("PGAUDIT_RECONCILE_CONCURRENCY", "8");
    env.put("PGAUDIT_HTTP_PORT", "9090");
    env.put("PGAUDIT_LEADER_ELECTION", "FALSE");
    env.put("PGAUDIT_LEADER_ELECTION_NAMESPACE", "ops");
    env.put("POD_NAMESPACE", "ignored-when-explicit");
    env.put("POD_NAME", "pgaudit-operator-7d9f-abcde");
    env.put("PGAUDIT_LOG_LEVEL", "debug");

    OperatorConfig c = parse(env);

    assertThat(c.aivenApiUrl()).isEqualTo(URI.create("http://127.0.0.1:8181/v1"));
    assertThat(c.aivenToken()).isEqualTo("tok-123");
    assertThat(c.aivenTokenFile()).isEqualTo(Path.of("/var/run/secrets/pgaudit/aiven/token"));
    assertThat(c.aivenConnectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.aivenReadTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(c.resyncPeriod()).isEqualTo(Duration.ofMinutes(90));
    assertThat(c.reconcileConcurrency()).isEqualTo(8);
    assertThat(c.httpPort()).isEqualTo(9090);
    assertThat(c.leaderElection()).isFalse();
    assertThat(c.leaderElectionNamespace()).isEqualTo("ops");
    assertThat(c.podName()).isEqualTo("pgaudit-operator-7d9f-abcde");
    assertThat(c.logLevel()).isEqualTo("DEBUG");
  }

  @Test
  void leaseNamespaceFallsBackToPodNamespaceThenServiceAccountThenDefault() {
    assertThat(OperatorConfig.parse(Map.of("POD_NAMESPACE", "pgaudit-system"), host("from-file"))
        .leaderElectionNamespace()).isEqualTo("pgaudit-system");
    assertThat(OperatorConfig.parse(Map.of(), host("from-file\n")).leaderElectionNamespace()).isEqualTo("from-file");
    assertThat(OperatorConfig.parse(Map.of(), host(null)).leaderElectionNamespace()).isEqualTo("default");
  }

  @Test
  void emptyValuesMeanUnset() {
    OperatorConfig c = parse(Map.of("PGAUDIT_HTTP_PORT", "", "PGAUDIT_AIVEN_TOKEN", "  ", "POD_NAME", "",
        "PGAUDIT_WATCH_NAMESPACES", ""));
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.aivenToken()).isNull();
    assertThat(c.podName()).isEqualTo("host-1");
    assertThat(c.watchNamespaces()).isEmpty();
  }

  @Test
  void badValuesAreAllReportedByVariableName() {
    Map<String, String> env = new HashMap<>();
    env.put("PGAUDIT_AIVEN_API_URL", "api.aiven.io");
    env.put("PGAUDIT_AIVEN_CONNECT_TIMEOUT", "10");
    env.put("PGAUDIT_AIVEN_READ_TIMEOUT", "0s");
    env.put("PGAUDIT_WATCH_NAMESPACES", "team-a,Team_B");
    env.put("PGAUDIT_RESYNC_PERIOD", "soon");
    env.put("PGAUDIT_RECONCILE_CONCURRENCY", "0");
    env.put("PGAUDIT_HTTP_PORT", "tcp://10.0.0.1:8080");
    env.put("PGAUDIT_LEADER_ELECTION", "yes");
    env.put("PGAUDIT_LEADER_ELECTION_NAMESPACE", "Ops!");
    env.put("PGAUDIT_LOG_LEVEL", "verbose");

    assertThatThrownBy(() -> parse(env)).isInstanceOfSatisfying(ConfigException.class, e -> {
      assertThat(e.problems()).hasSize(10);
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("PGAUDIT_AIVEN_API_URL: expected an http(s) URL"));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).isEqualTo(
          "PGAUDIT_AIVEN_CONNECT_TIMEOUT: expected a duration such as 30s, 5m, 1h or PT5M, got '10'"));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).isEqualTo("PGAUDIT_AIVEN_READ_TIMEOUT: must be more than zero, got '0s'"));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("PGAUDIT_WATCH_NAMESPACES: not valid namespace names: 'Team_B'"));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("PGAUDIT_RESYNC_PERIOD: expected a duration"));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).isEqualTo(
          "PGAUDIT_RECONCILE_CONCURRENCY: expected a whole number from 1 to 1000, got 0"));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).isEqualTo(
          "PGAUDIT_HTTP_PORT: expected a whole number from 1 to 65535, got 'tcp://10.0.0.1:8080'"));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).isEqualTo("PGAUDIT_LEADER_ELECTION: expected true or false, got 'yes'"));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("PGAUDIT_LEADER_ELECTION_NAMESPACE: 'Ops!' is not a valid namespace"));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("PGAUDIT_LOG_LEVEL: expected one of TRACE, DEBUG"));
    });
  }

  @Test
  void aUrlWithCredentialsIsRejectedWithoutEchoingThem() {
    assertThatThrownBy(() -> parse(Map.of("PGAUDIT_AIVEN_API_URL", "https://user:s3cret@api.aiven.io/v1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PGAUDIT_AIVEN_API_URL")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void toStringNeverShowsTheToken() {
    OperatorConfig c = parse(Map.of("PGAUDIT_AIVEN_TOKEN", "very-secret-token", "PGAUDIT_WATCH_NAMESPACES", "b,a"));
    assertThat(c.toString())
        .doesNotContain("very-secret-token")
        .contains("aivenToken=<set>", "watchNamespaces=a,b", "resyncPeriod=5m", "lease=default/pgaudit-operator-leader");
    assertThat(parse(Map.of()).toString()).contains("aivenToken=<not set>", "watchNamespaces=<all>");
  }

  @Test
  void theWatchedNamespacesAreAnImmutableSet() {
    assertThat(parse(Map.of("PGAUDIT_WATCH_NAMESPACES", "a")).watchNamespaces()).isEqualTo(Set.of("a"))
        .isUnmodifiable();
  }
}
