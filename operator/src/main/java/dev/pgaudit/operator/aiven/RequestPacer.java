package dev.pgaudit.operator.aiven;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the operator under the Aiven API's rate limit instead of collecting 429s: a token bucket
 * per API token (the API limits per user), shared by every {@link AivenClient} made from one
 * {@link AivenClientConfig}. A caller over the budget waits for its turn before sending; callers
 * queue in arrival order because each one reserves the next free slot.
 *
 * <p>Why not just retry 429s: without Retry-After the client backs off at least two seconds per
 * 429, with a reconcile thread blocked meanwhile, and every refused request still counted against
 * the limit. Waiting a few milliseconds for a slot costs less.
 */
public final class RequestPacer {
  private static final RequestPacer UNLIMITED = new RequestPacer(0, 1);

  private final double perSecond;
  private final double burst;
  private final Map<String, double[]> buckets = new HashMap<>(); // key -> {tokens, lastNanos}

  private RequestPacer(double perSecond, int burst) {
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** No pacing: every request goes out at once. */
  public static RequestPacer unlimited() {
    return UNLIMITED;
  }

  /**
   * At most {@code perSecond} requests per second and key, with bursts of up to {@code burst}.
   * {@code perSecond} 0 means unlimited.
   */
  public static RequestPacer perSecond(double perSecond, int burst) {
    if (perSecond < 0 || Double.isNaN(perSecond) || burst < 1) {
      throw new IllegalArgumentException("need a rate >= 0 and a burst >= 1, got " + perSecond + " and " + burst);
    }
    return perSecond == 0 ? UNLIMITED : new RequestPacer(perSecond, burst);
  }

  public boolean isLimited() {
    return perSecond > 0;
  }

  public double perSecond() {
    return perSecond;
  }

  /** Blocks until the request for {@code key} may go out; returns how long it waited. */
  public Duration acquire(String key) throws InterruptedException {
    if (!isLimited()) return Duration.ZERO;
    long wait = reserve(key, System.nanoTime());
    if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
    return Duration.ofNanos(wait);
  }

  /**
   * Takes the next slot for {@code key} at {@code nowNanos} and returns the nanoseconds to wait
   * for it (0: go now). The bucket may go below zero: that is the queue of callers already waiting.
   */
  synchronized long reserve(String key, long nowNanos) {
    if (!isLimited()) return 0;
    double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {burst, nowNanos});
    double elapsed = Math.max(0, nowNanos - bucket[1]) / 1e9;
    bucket[0] = Math.min(burst, bucket[0] + elapsed * perSecond);
    bucket[1] = Math.max(bucket[1], nowNanos);
    bucket[0] -= 1;
    return bucket[0] >= 0 ? 0 : (long) Math.ceil(-bucket[0] / perSecond * 1e9);
  }

  @Override
  public String toString() {
    return isLimited() ? "RequestPacer[" + perSecond + "/s, burst " + (int) burst + "]" : "RequestPacer[unlimited]";
  }
}
