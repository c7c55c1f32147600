package dev.pgaudit.operator.aiven;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs calls that are safe to repeat (GET, PUT, DELETE) with the retry policy. */
final class CallRunner {
  private static final Logger LOG = LoggerFactory.getLogger(AivenClient.class);

  private final AivenTransport transport;
  private final RetryPolicy policy;
  private final AivenErrors errors;

  CallRunner(AivenTransport transport, RetryPolicy policy, AivenErrors errors) {
    this.transport = transport;
    this.policy = policy;
    this.errors = errors;
  }

  AivenTransport transport() { return transport; }
  RetryPolicy policy() { return policy; }
  AivenErrors errors() { return errors; }

  /**
   * The answer of an idempotent call bound to {@code answerType}, or an AivenApiException once
   * retrying cannot help.
   */
  <T> T run(ApiCall call, Class<T> answerType) {
    for (int attempt = 1; ; attempt++) {
      Exchange exchange = transport.exchange(call);
      if (exchange instanceof Exchange.Answered answer && answer.ok()) return parse(call, answer, answerType);
      if (!RetryPolicy.retriedInClient(exchange, call.method()) || attempt > policy.maxRetries()) {
        throw errors.failure(call, exchange, attempt);
      }
      pauseBeforeRetry(call, exchange, attempt);
    }
  }

  /** A body that is not JSON, or whose fields have types Aiven never sends, is an unreadable answer. */
  <T> T parse(ApiCall call, Exchange.Answered answer, Class<T> answerType) {
    try {
      return AivenJson.read(answer.body(), answerType);
    } catch (Exception e) {
      throw errors.unreadableAnswer(call, e);
    }
  }

  /** Waits before retry number {@code retry}; throws when Aiven asks for a wait we will not block for. */
  void pauseBeforeRetry(ApiCall call, Exchange failure, int retry) {
    Optional<Duration> delay = policy.delayBefore(retry, failure);
    if (delay.isEmpty()) throw errors.retryAfterTooLong(call, (Exchange.Answered) failure);
    LOG.info("Aiven call to {} got {}; retry {} of {} in {} ms", call.operation(), describe(failure), retry,
        policy.maxRetries(), delay.get().toMillis());
    transport.notify(() -> transport.observer().onRetryWait(call.method(), call.pathTemplate(), delay.get()));
    try {
      TimeUnit.NANOSECONDS.sleep(delay.get().toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.interrupted(call);
    }
  }

  private static String describe(Exchange failure) {
    return failure instanceof Exchange.Failed f
        ? "I/O error " + f.error().getClass().getSimpleName()
        : "HTTP " + failure.status();
  }
}
