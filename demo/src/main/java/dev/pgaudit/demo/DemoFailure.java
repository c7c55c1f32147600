package dev.pgaudit.demo;

/** The demo cannot go on or did not end as it should; the message says what happened, for the user. */
final class DemoFailure extends RuntimeException {
  DemoFailure(String message) {
    super(message);
  }

  DemoFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
