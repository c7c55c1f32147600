package dev.pgaudit.testkit.aiven;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/** Token bucket per API token ("the API rate-limits per user"); off until configured. */
final class RateLimiter {
  private double perSecond;
  private double burst;
  private final Map<String, double[]> buckets = new HashMap<>(); // token -> {tokens, lastRefillNanos}

  synchronized void configure(double requestsPerSecond, int burstSize) {
    if (requestsPerSecond <= 0 || burstSize < 1) throw new IllegalArgumentException("need rate > 0 and burst >= 1");
    perSecond = requestsPerSecond;
    burst = burstSize;
    buckets.clear();
  }

  synchronized void disable() {
    perSecond = 0;
    buckets.clear();
  }

  /** Empty when the request may pass; else the nanoseconds until the next token. */
  synchronized OptionalLong acquire(String key, long nowNanos) {
    if (perSecond <= 0) return OptionalLong.empty();
    double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {burst, nowNanos});
    double refill = (nowNanos - bucket[1]) / 1e9 * perSecond;
    bucket[0] = Math.min(burst, bucket[0] + refill);
    bucket[1] = nowNanos;
    if (bucket[0] >= 1) {
      bucket[0] -= 1;
      return OptionalLong.empty();
    }
    return OptionalLong.of((long) Math.ceil((1 - bucket[0]) / perSecond * 1e9));
  }
}
