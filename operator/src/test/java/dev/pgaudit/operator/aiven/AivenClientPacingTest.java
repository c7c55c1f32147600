package dev.pgaudit.operator.aiven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.testkit.aiven.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The client's own rate limit: clients made from one config share it per token, so together they
 * stay under the API's limit instead of being refused; and every wait, before a retry or for a
 * slot, is reported for the metrics.
 */
class AivenClientPacingTest extends ClientFixture {
  static final int THREADS = 4;
  static final int CALLS_EACH = 5;

  record Outcome(int ok, int limited) {}

  private Outcome hammer(AivenClientConfig config) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<int[]>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        // A client per thread, as the reconciler makes one per reconcile.
        AivenClient own = client(config);
        results.add(pool.submit(() -> {
          int ok = 0;
          int limited = 0;
          for (int i = 0; i < CALLS_EACH; i++) {
            try {
              own.getService(PROJECT, PG);
              ok++;
            } catch (AivenApiException e) {
              if (e.status() == 429) limited++; else throw e;
            }
          }
          return new int[] {ok, limited};
        }));
      }
      int ok = 0;
      int limited = 0;
      for (Future<int[]> f : results) {
        ok += f.get()[0];
        limited += f.get()[1];
      }
      return new Outcome(ok, limited);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void clientsSharingAPacedConfigStayUnderTheLimitTogether() throws Exception {
    sim.rateLimit(10, 5);
    List<Duration> waits = new CopyOnWriteArrayList<>();
    AivenClientConfig paced = fastConfig().withRetries(0, Duration.ZERO, Duration.ZERO)
        // A little under the API's limit, as the operator's default is: jitter on the way must not push it over.
        .withPacer(RequestPacer.perSecond(8, 4))
        .withObserver(new AivenClientConfig.CallObserver() {
          @Override public void onCall(String method, String pathTemplate, int status, Duration took) {}
          @Override public void onPacerWait(String method, String pathTemplate, Duration wait) { waits.add(wait); }
        });

    long started = System.nanoTime();
    Outcome outcome = hammer(paced);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(outcome).isEqualTo(new Outcome(THREADS * CALLS_EACH, 0));
    assertThat(requests().entries()).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
    // 20 requests, 4 at once, then 8 per second: the last goes out after about 2 s.
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(waits).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void theSameLoadUnpacedIsRefused() throws Exception {
    sim.rateLimit(10, 5);
    Outcome outcome = hammer(fastConfig().withRetries(0, Duration.ZERO, Duration.ZERO));
    assertThat(outcome.limited()).isPositive();
  }

  @Test
  void theWaitBeforeARetryIsReported() {
    List<Duration> waits = new CopyOnWriteArrayList<>();
    AivenClient observed = client(fastConfig().withObserver(new AivenClientConfig.CallObserver() {
      @Override public void onCall(String method, String pathTemplate, int status, Duration took) {}
      @Override public void onRetryWait(String method, String pathTemplate, Duration wait) { waits.add(wait); }
    }));
    sim.faults().inject(1, Fault.tooManyRequests());

    observed.getService(PROJECT, PG);

    assertThat(waits).singleElement().satisfies(w -> assertThat(w).isBetween(Duration.ofMillis(20), Duration.ofMillis(100)));
  }
}
