package dev.pgaudit.operator.aiven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(2), Duration.ofSeconds(15));

  @Test
  void backoffGrowsExponentiallyWithinMinAndMax() {
    for (int i = 0; i < 500; i++) {
      assertThat(policy.backoff(1)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
      assertThat(policy.backoff(2)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
      assertThat(policy.backoff(3)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(15));
      assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(15));
      assertThat(policy.backoff(60)).isEqualTo(Duration.ofSeconds(15));
    }
  }

  @Test
  void backoffIsJittered() {
    assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> policy.backoff(1)).distinct().count())
        .isGreaterThan(10);
  }

  @Test
  void zeroBackoffIsAllowedForTests() {
    assertThat(new RetryPolicy(3, Duration.ZERO, Duration.ZERO).backoff(3)).isZero();
  }

  @Test
  void retryAfterWinsOverBackoffUpToTheCeiling() {
    assertThat(policy.delayBefore(1, new Exchange.Answered(429, "", Duration.ofSeconds(28)))).contains(Duration.ofSeconds(28));
    assertThat(policy.delayBefore(1, new Exchange.Answered(429, "", Duration.ofSeconds(61)))).isEmpty();
    assertThat(policy.delayBefore(1, new Exchange.Answered(429, "", null)).orElseThrow())
        .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void aDroppedConnectionIsRetriedAtOnceButOnlyOnce() {
    Exchange dropped = new Exchange.Failed(new IOException("unexpected end of stream on http://127.0.0.1:8080/..."));
    assertThat(policy.delayBefore(1, dropped)).contains(Duration.ZERO);
    assertThat(policy.delayBefore(2, dropped).orElseThrow()).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
    assertThat(policy.delayBefore(1, new Exchange.Failed(new java.net.SocketException("Connection reset")))).contains(Duration.ZERO);
  }

  @Test
  void timeoutsAndUnreachableServersBackOffFromTheFirstRetry() {
    assertThat(policy.delayBefore(1, new Exchange.Failed(new SocketTimeoutException("timeout"))).orElseThrow())
        .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(policy.delayBefore(1, new Exchange.Failed(new ConnectException("Connection refused"))).orElseThrow())
        .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void retryAfterIsParsedAsSecondsOrHttpDate() {
    Instant now = Instant.parse("2026-11-01T10:00:00Z");

    assertThat(RetryPolicy.parseRetryAfter("28", now)).isEqualTo(Duration.ofSeconds(28));
    assertThat(RetryPolicy.parseRetryAfter(" 0 ", now)).isZero();
    assertThat(RetryPolicy.parseRetryAfter("Sun, 01 Nov 2026 10:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryPolicy.parseRetryAfter("Sun, 01 Nov 2026 09:00:00 GMT", now)).isZero();
    assertThat(RetryPolicy.parseRetryAfter("soon", now)).isNull();
    assertThat(RetryPolicy.parseRetryAfter(null, now)).isNull();
  }

  @ParameterizedTest(name = "{0} {1}: retried {2}, may help later {3}")
  @CsvSource({
      "GET, 408, true, true", "GET, 429, true, true", "GET, 500, true, true", "PUT, 502, true, true",
      "DELETE, 503, true, true", "GET, 504, true, true", "GET, 501, false, true", "DELETE, 417, true, true",
      "PUT, 417, false, false", "GET, 400, false, false", "GET, 401, false, false", "GET, 403, false, false",
      "GET, 404, false, false", "POST, 409, false, false"})
  void whichStatusesAreRetried(String method, int status, boolean retried, boolean mayHelpLater) {
    Exchange answer = new Exchange.Answered(status, "", null);

    assertThat(RetryPolicy.retriedInClient(answer, method)).isEqualTo(retried);
    assertThat(RetryPolicy.mayHelpLater(answer, method)).isEqualTo(mayHelpLater);
  }

  @Test
  void ioFailuresAreRetriedAndKnowWhetherTheRequestWasSent() {
    Exchange.Failed timeout = new Exchange.Failed(new SocketTimeoutException("timeout"));
    Exchange.Failed refused = new Exchange.Failed(new ConnectException("refused"));
    Exchange.Failed reset = new Exchange.Failed(new IOException("unexpected end of stream"));

    assertThat(RetryPolicy.retriedInClient(timeout, "GET")).isTrue();
    assertThat(timeout.neverSent()).isFalse();
    assertThat(refused.neverSent()).isTrue();
    assertThat(reset.neverSent()).isFalse();
    assertThat(timeout.status()).isEqualTo(-1);
  }
}
