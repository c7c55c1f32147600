package dev.pgaudit.operator.dashboards;

/** A failed Dashboards call, by what the user can do about it. The message never carries credentials. */
public final class DashboardsException extends RuntimeException {
  public enum Kind {
    /** No answer: connection refused, timeout, TLS, or a 5xx/502-504 from a proxy. */
    UNREACHABLE,
    /** 401/403: the credentials the Aiven API gave are not accepted (e.g. Security management enabled). */
    UNAUTHORIZED,
    /** The Global tenant was refused (multitenancy settings). */
    TENANT,
    /** 409: changed meanwhile (stale version) or created meanwhile. */
    CONFLICT,
    /** Anything else Dashboards refused. */
    OTHER
  }

  private final Kind kind;
  private final int status;

  public DashboardsException(Kind kind, int status, String message) {
    super(message);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() { return kind; }

  /** The HTTP status, -1 when there was no answer. */
  public int status() { return status; }
}
