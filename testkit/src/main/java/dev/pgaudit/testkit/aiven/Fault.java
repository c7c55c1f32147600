package dev.pgaudit.testkit.aiven;

import java.time.Duration;

/** A misbehaviour the simulator can show for a request instead of (or after) serving it. */
public sealed interface Fault {

  /** Answer {@code status} with Aiven's error body; the request is not applied. */
  record Status(int status) implements Fault {}

  /** Answer 429 with the real rate-limit body; Retry-After only when {@code retryAfterSeconds} is set. */
  record TooManyRequests(Integer retryAfterSeconds) implements Fault {}

  /**
   * Wait {@code delay} before answering (meant to outlast the client's read timeout); then apply
   * the request normally when {@code thenProcess}, else answer 504. Either way the client, having
   * given up, never learns the outcome.
   */
  record Hang(Duration delay, boolean thenProcess) implements Fault {}

  /** Apply the request, then answer {@code status} anyway: the change happened but the caller is told it failed. */
  record FailAfterProcessing(int status) implements Fault {}

  static Fault status(int status) { return new Status(status); }

  static Fault tooManyRequests() { return new TooManyRequests(null); }

  static Fault tooManyRequests(int retryAfterSeconds) { return new TooManyRequests(retryAfterSeconds); }

  static Fault hang(Duration delay) { return new Hang(delay, true); }

  static Fault hangWithoutProcessing(Duration delay) { return new Hang(delay, false); }

  static Fault failAfterProcessing(int status) { return new FailAfterProcessing(status); }
}
