package dev.pgaudit.operator.aiven;

/** Any failed Aiven call: HTTP status (-1 for I/O), Aiven's message, and whether a retry can help. */
public class AivenApiException extends RuntimeException {
  private final int status;
  private final String aivenMessage;
  private final boolean retryable;

  public AivenApiException(int status, String message, String aivenMessage, boolean retryable, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.aivenMessage = aivenMessage;
    this.retryable = retryable;
  }

  public int status() { return status; }
  public String aivenMessage() { return aivenMessage; }
  public boolean retryable() { return retryable; }
  public boolean isNotFound() { return status == 404; }
  public boolean isAuthFailure() { return status == 401 || status == 403; }
}
