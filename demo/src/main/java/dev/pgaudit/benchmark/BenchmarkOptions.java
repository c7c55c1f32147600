package dev.pgaudit.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to run and how; every field has a command-line flag (see {@link #USAGE}).
 *
 * @param resync the resync period of the steady-state phase; null: chosen per workload so that one
 *     sweep of every service fits well inside it under the rate limit
 * @param operatorJar null: run the operator's main class on {@code operatorClassPath} instead
 * @param unrelatedSecrets 0: the workloads; more: only the Secrets part ({@link SecretsRun}) with
 *     this many unrelated Secrets, reported to docs/benchmark-secrets.md unless --output says otherwise
 * @param largeScope null: the workloads; {databases, roles}: only the large-scope part ({@link LargeScopeRun}),
 *     reported to docs/benchmark-large-scope.md unless --output says otherwise
 * @param sharedDatabases every workload in the {@link Fleet.Layout#SHARED} layout; false: as its size calls for
 */
record BenchmarkOptions(
    List<Workload> workloads,
    double aivenRate,
    int aivenBurst,
    boolean retryAfter,
    int changes,
    Duration resync,
    Path output,
    Path workDir,
    Path baseline,
    String note,
    Path operatorJar,
    String operatorClassPath,
    List<String> jvmFlags,
    Map<String, String> operatorEnv,
    int unrelatedSecrets,
    int[] largeScope,
    boolean sharedDatabases) {

  static final String USAGE = """
      usage: bin/benchmark [options]
        --sizes 10x1,100x10,1000x100   workloads as POLICIESxSERVICES[/PROJECTS]; with several projects
                                       each has an Aiven token of its own (10000x1000/10: 10,000
                                       policies over 1,000 services in 10 projects, ~7.5 GB of databases)
        --rate 10                      Aiven API limit in requests per second (429 beyond it)
        --burst 10                     requests the limit lets through at once
        --retry-after                  the simulator sends Retry-After with its 429s (default: none, as observed)
        --changes 50                   single spec changes timed one by one
        --resync 20s                   resync period of the steady-state phase (default: per workload)
        --output docs/benchmark.md     the report
        --baseline FILE|none           an earlier report whose summary is shown as "before"
                                       (default docs/benchmark-before.md when it exists)
        --note TEXT                    a line for the report's set-up section
        --work-dir target/benchmark    kubeconfig and operator logs
        --shared-databases             Database policies of a service share its database (each its own
                                       setting) at every size; default: only beyond 1,000 databases
        --operator-jar PATH            default operator/target/pgaudit-operator.jar
        --operator-env KEY=VALUE       extra environment for the operator (repeatable)
        --secrets 2000                 only the Secrets part: heap with this many unrelated 100 KiB
                                       Secrets vs none; writes docs/benchmark-secrets.md
        --large-scope 100x100          only the large-scope part: one DatabaseRole policy on DATABASESxROLES
                                       (2 settings), converge and delete; writes docs/benchmark-large-scope.md
      """;

  static final String DEFAULT_BASELINE = "docs/benchmark-before.md";
  static final String SECRETS_OUTPUT = "docs/benchmark-secrets.md";
  static final String LARGE_SCOPE_OUTPUT = "docs/benchmark-large-scope.md";

  static BenchmarkOptions defaults(Path root) {
    return new BenchmarkOptions(
        // 10,000 × 1,000 in 10 projects is asked for by name (--sizes …,10000x1000/10) until it fits the
        // 15-minute run: on the shared 2-core machine it would take over an hour (2026-12-02).
        List.of(new Workload(10, 1), new Workload(100, 10), new Workload(1000, 100)),
        10, 10, false, 50, null,
        root.resolve("docs/benchmark.md"), root.resolve("demo/target/benchmark"),
        java.nio.file.Files.isRegularFile(root.resolve(DEFAULT_BASELINE)) ? root.resolve(DEFAULT_BASELINE) : null, null,
        root.resolve("operator/target/pgaudit-operator.jar"), null,
        OperatorProcess.IMAGE_JVM_FLAGS, Map.of(), 0, null, false);
  }

  static BenchmarkOptions parse(String[] args, Path root) {
    BenchmarkOptions o = defaults(root);
    List<Workload> workloads = o.workloads;
    double rate = o.aivenRate;
    int burst = o.aivenBurst;
    boolean retryAfter = o.retryAfter;
    int changes = o.changes;
    Duration resync = o.resync;
    Path output = o.output;
    Path workDir = o.workDir;
    Path baseline = o.baseline;
    String note = null;
    Path jar = o.operatorJar;
    Map<String, String> env = new LinkedHashMap<>();
    int secrets = 0;
    int[] largeScope = null;
    boolean outputGiven = false;
    boolean sharedDatabases = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--retry-after")) {
        retryAfter = true;
        continue;
      }
      if (flag.equals("--shared-databases")) {
        sharedDatabases = true;
        continue;
      }
      if (flag.equals("--help") || flag.equals("-h")) throw new IllegalArgumentException(USAGE);
      if (i + 1 >= args.length) throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
      String value = args[++i];
      switch (flag) {
        case "--sizes" -> {
          List<Workload> parsed = new ArrayList<>();
          for (String part : value.split(",")) parsed.add(Workload.parse(part));
          workloads = parsed;
        }
        case "--rate" -> rate = Double.parseDouble(value);
        case "--burst" -> burst = Integer.parseInt(value);
        case "--changes" -> changes = Integer.parseInt(value);
        case "--resync" -> resync = dev.pgaudit.operator.runtime.Durations.parse(value);
        case "--output" -> {
          output = Path.of(value).toAbsolutePath();
          outputGiven = true;
        }
        case "--secrets" -> secrets = Integer.parseInt(value);
        case "--large-scope" -> {
          Workload size = Workload.parse(value); // DATABASESxROLES, same syntax
          largeScope = new int[] {size.policies(), size.services()};
        }
        case "--baseline" -> baseline = value.equals("none") ? null : Path.of(value).toAbsolutePath();
        case "--note" -> note = value;
        case "--work-dir" -> workDir = Path.of(value).toAbsolutePath();
        case "--operator-jar" -> jar = Path.of(value).toAbsolutePath();
        case "--operator-env" -> {
          int eq = value.indexOf('=');
          if (eq < 1) throw new IllegalArgumentException("--operator-env needs KEY=VALUE, got '" + value + "'");
          env.put(value.substring(0, eq), value.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
      }
    }
    if (rate <= 0 || burst < 1 || changes < 0 || secrets < 0) {
      throw new IllegalArgumentException("need --rate > 0, --burst >= 1, --changes >= 0, --secrets >= 0");
    }
    // The Secrets part alone must not overwrite the workloads' report.
    if (secrets > 0 && !outputGiven) output = root.resolve(SECRETS_OUTPUT);
    if (largeScope != null && !outputGiven) output = root.resolve(LARGE_SCOPE_OUTPUT);
    return new BenchmarkOptions(workloads, rate, burst, retryAfter, changes, resync, output, workDir, baseline, note, jar,
        null, o.jvmFlags, env, secrets, largeScope, sharedDatabases);
  }

  OperatorProcess.Launch launch() {
    return new OperatorProcess.Launch(operatorJar, operatorClassPath, jvmFlags);
  }

  BenchmarkOptions withOperatorClassPath(String classPath) {
    return new BenchmarkOptions(workloads, aivenRate, aivenBurst, retryAfter, changes, resync, output, workDir, baseline,
        note, null, classPath, jvmFlags, operatorEnv, unrelatedSecrets, largeScope, sharedDatabases);
  }
}
