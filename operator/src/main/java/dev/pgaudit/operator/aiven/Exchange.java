package dev.pgaudit.operator.aiven;

import java.io.IOException;
import java.time.Duration;

/** What one HTTP exchange with Aiven gave: an answer with a status, or an I/O failure. */
sealed interface Exchange permits Exchange.Answered, Exchange.Failed {

  /** {@code retryAfter} is the parsed Retry-After header, null when absent or unreadable. */
  record Answered(int status, String body, Duration retryAfter) implements Exchange {
    boolean ok() { return status >= 200 && status < 300; }
  }

  record Failed(IOException error) implements Exchange {
    /** Connection refused or DNS failure: the request never reached a server. */
    boolean neverSent() {
      return error instanceof java.net.ConnectException || error instanceof java.net.UnknownHostException;
    }

    /**
     * The connection broke under the request (reset, closed, unexpected end of stream), as when a
     * pooled keep-alive connection was dropped by the server or a load balancer while idle; not a
     * timeout and not an unreachable server.
     */
    boolean connectionDropped() {
      return !neverSent() && !(error instanceof java.io.InterruptedIOException);
    }
  }

  default int status() { return this instanceof Answered a ? a.status() : -1; }
}
