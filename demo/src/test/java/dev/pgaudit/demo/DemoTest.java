package dev.pgaudit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, end to end and in-process: what it prints and how it exits. */
class DemoTest {
  private static final Path REPO = RepoFiles.root(Path.of(""));

  @Test
  void everyExampleConvergesIsAuditedAndCleanedUp() throws IOException {
    AtomicReference<List<String>> secrets = new AtomicReference<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exitCode = Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), REPO,
        env -> secrets.set(List.of(env.token, env.avnadmin("defaultdb").password(), env.dashboards.password())));

    String output = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(output); // kept in the surefire report
    assertThat(exitCode).as(output).isZero();

    String converged = section(output, "converged in", "== 4.");
    Map<String, String> modes = examplePolicyModes();
    assertThat(modes).hasSize(7);
    modes.forEach((name, mode) -> assertThat(converged).containsPattern("(?m)^  " + name + " .* True "
        + (mode.equals("DryRun") ? "DryRun" : "Reconciled") + "$"));
    assertThat(converged).contains("orders-reporting-preview status.plan (DryRun: nothing written):")
        .contains("role \"reporting\" in database \"orders\" pgaudit.log: (unset) -> all, -misc_set");

    String written = section(output, "== 4.", "== 5.");
    assertThat(written).contains("feature_enabled = true", "role = auditor")
        .containsPattern("(?m)^    orders +\\* +log='write, ddl' log_parameter=on log_relation=on")
        .containsPattern("(?m)^    billing +reporting +log='read, misc'")
        .contains("logs: pg-demo -> os-demo", "elasticsearch_index_prefix = pgaudit", "elasticsearch_index_days_max = 7");
    // Effective coverage: the billing/reporting shadow in the table and in the policy's condition
    assertThat(written)
        .containsPattern("(?m)^    billing +reporting +misc, read +role \"reporting\" in database \"billing\" \\(billing-reporting-reads\\)$")
        .containsPattern("(?m)^    billing +avnadmin +ddl +database \"billing\" \\(billing-ddl-to-opensearch\\)$")
        .containsPattern("(?m)^    billing-ddl-to-opensearch +False ShadowedByPolicy +1/3$")
        .containsPattern("(?m)^    billing-reporting-reads +True Covered +1/1$")
        .contains("billing-ddl-to-opensearch Effective: 2 of 3 (database, login role) pair(s) are not audited as the policy"
            + " says: app_rw@billing: pgaudit.log is 'read, write' from role \"app_rw\" (policy demo/app-rw-reads-and-writes);"
            + " reporting@billing: pgaudit.log is 'read, misc' from role \"reporting\" in database \"billing\""
            + " (policy demo/billing-reporting-reads)");
    assertThat(written)
        .containsPattern("(?m)^    index pattern pgaudit-\\*  \\(time field timestamp, id pgaudit-pg-demo-[0-9a-f]{8}\\)$")
        .containsPattern("(?m)^    saved search \"pgaudit: pg-demo\"  filter: AIVEN_AUDIT_FROM: pg and service_name: pg-demo"
            + "  columns: PG_USER, PG_DATABASE, MESSAGE$")
        .containsPattern("(?m)^    link \\(billing-ddl-to-opensearch, DashboardsReady\\): http://127\\.0\\.0\\.1:\\d+"
            + "/app/discover\\?security_tenant=global#/view/pgaudit-pg-demo-[0-9a-f]{8}-search$");

    String audit = section(output, "== 5.", "== 6.");
    assertThat(audit)
        .containsPattern("(?m)^    app_rw@orders +SESSION,\\d+,\\d+,WRITE,INSERT,TABLE,public\\.orders,")
        // log_parameter comes from the database setting, the statement from the role's
        .containsPattern("(?m)^    app_rw@orders +SESSION,\\d+,\\d+,WRITE,UPDATE,TABLE,public\\.orders,.*\"shipped,acme\"")
        .containsPattern("(?m)^    app_rw@orders +SESSION,\\d+,\\d+,READ,SELECT,")
        .containsPattern("(?m)^    reporting@billing +SESSION,\\d+,\\d+,READ,SELECT,");

    String edit = section(output, "== 6.", "== 7.");
    assertThat(edit).containsPattern("(?m)^  before: +orders +log='write, ddl' log_parameter=on log_relation=on log_statement_once=off$")
        .containsPattern("(?m)^  after: +orders +log='write, ddl' log_parameter=on log_statement_once=off ")
        // one session opened before the write: counted, then gone once it reconnects
        .contains("orders-writes status.coverage.oldSessions: 1", "after it reconnects: no old session left");

    String cleanup = section(output, "== 7.", "Demo OK");
    assertThat(cleanup).contains("pgauditpolicy/reporting-reads-kept deleted", "policies gone in",
        "feature_enabled = false", "log = []");
    assertThat(section(cleanup, "pg_db_role_setting", "service integrations")).containsPattern(
        "(?m)^    \\* +reporting +log=read log_level=log$").doesNotContain("app_rw", "orders", "billing");
    assertThat(section(cleanup, "service integrations", "OpenSearch Dashboards")).contains("(none)");
    assertThat(section(cleanup, "OpenSearch Dashboards of os-demo, Global tenant:", "feature_enabled is off")).contains("(none)");
    assertThat(output).containsPattern("(?m)^Demo OK in \\d+\\.\\d s");

    assertThat(secrets.get()).allSatisfy(secret -> assertThat(output).doesNotContain(secret));
  }

  @Test
  void outsideTheRepositoryItSaysWhatIsMissing(@TempDir Path empty) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int exitCode = Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), empty, env -> {});

    assertThat(exitCode).isEqualTo(1);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("DEMO FAILED: cannot find crds/pgauditpolicies.pgaudit.dev-v1.yml and examples/ in " + empty);
  }

  @Test
  void aPlaceholderItCannotFillStopsTheDemoBeforeAnythingIsApplied(@TempDir Path repo) throws IOException {
    Files.createDirectories(repo.resolve("crds"));
    Files.copy(REPO.resolve(RepoFiles.CRD), repo.resolve(RepoFiles.CRD));
    Files.createDirectories(repo.resolve("examples"));
    Files.writeString(repo.resolve("examples/secret-other.yaml"), """
        apiVersion: v1
        kind: Secret
        metadata: {name: other}
        stringData:
          apiKey: REPLACE-WITH-YOUR-KEY
        """);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int exitCode = Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), repo, env -> {});

    String output = bytes.toString(StandardCharsets.UTF_8);
    assertThat(exitCode).isEqualTo(1);
    assertThat(output).contains("DEMO FAILED: secret-other.yaml: the demo does not know what to put into the "
        + "placeholder of secret other key apiKey").doesNotContain("secret/other created");
  }

  /** name -> spec.mode (Enforce when absent) of every PgAuditPolicy in examples/*.yaml. */
  private static Map<String, String> examplePolicyModes() throws IOException {
    KubernetesSerialization yaml = new KubernetesSerialization();
    Map<String, String> modes = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(REPO.resolve("examples"))) {
      files = new ArrayList<>(list.filter(f -> f.toString().endsWith(".yaml")).toList());
    }
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        HasMetadata item = yaml.unmarshal(in);
        if (!"PgAuditPolicy".equals(item.getKind())) continue;
        Object spec = yaml.convertValue(item, Map.class).get("spec");
        Object mode = ((Map<?, ?>) spec).get("mode");
        modes.put(item.getMetadata().getName(), mode == null ? "Enforce" : mode.toString());
      }
    }
    return modes;
  }

  /** The text between the first {@code from} and the next {@code to} after it. */
  private static String section(String text, String from, String to) {
    int start = text.indexOf(from);
    assertThat(start).as("'%s' in the output", from).isNotNegative();
    int end = text.indexOf(to, start + from.length());
    assertThat(end).as("'%s' after '%s' in the output", to, from).isPositive();
    return text.substring(start, end);
  }
}
