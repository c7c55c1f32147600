package dev.pgaudit.operator.aiven;

/**
 * Turns failed exchanges into {@link AivenApiException}s with messages a user can act on. Every
 * message passes through {@link #scrub} so the token cannot leak even if Aiven echoed it.
 */
final class AivenErrors {
  private static final int MAX_MESSAGE_CHARS = 500;

  private final String tokenSource;
  private final String token;

  AivenErrors(String tokenSource, String token) {
    this.tokenSource = tokenSource;
    this.token = token;
  }

  /** The final failure of {@code call} after {@code attempts} attempts. */
  AivenApiException failure(ApiCall call, Exchange last, int attempts) {
    if (last instanceof Exchange.Failed failed) {
      String cause = failed.error().getClass().getSimpleName()
          + (failed.error().getMessage() == null ? "" : ": " + failed.error().getMessage());
      return exception(-1, call.operation() + " failed" + after(attempts) + " (" + cause + ")", null, true,
          failed.error());
    }
    Exchange.Answered answer = (Exchange.Answered) last;
    int status = answer.status();
    String aivenMessage = scrub(aivenMessage(answer.body()));
    String detail = " (HTTP " + status + ": " + aivenMessage + ")";
    String message = switch (status) {
      case 401 -> "the Aiven token in " + tokenSource + " is invalid or expired" + detail;
      case 403 -> "the Aiven token in " + tokenSource + " is invalid or expired, or may not "
          + call.operation() + detail;
      case 404 -> call.subject() + " not found" + detail;
      case 429 -> call.operation() + ": Aiven's rate limit was still exceeded" + after(attempts) + detail;
      default -> RetryPolicy.mayHelpLater(answer, call.method())
          ? call.operation() + " failed" + after(attempts) + detail
          : call.operation() + " was rejected by Aiven" + detail;
    };
    return exception(status, message, aivenMessage, RetryPolicy.mayHelpLater(answer, call.method()), null);
  }

  AivenApiException tokenUnusable(String problem) {
    return exception(401, "the Aiven token in " + tokenSource + " " + problem, null, false, null);
  }

  /** include_secrets=true answered with redacted values: the token's role may not read secrets. */
  AivenApiException secretsRedacted(ApiCall call) {
    return exception(403, "the Aiven token in " + tokenSource + " may not read the avnadmin credentials of "
        + call.subject() + " (Aiven returned them redacted despite include_secrets=true)", null, false, null);
  }

  AivenApiException unreadableAnswer(ApiCall call, Exception cause) {
    return exception(200, call.operation() + ": Aiven's answer could not be read ("
        + cause.getClass().getSimpleName() + ")", null, true, null);
  }

  AivenApiException interrupted(ApiCall call) {
    return exception(-1, call.operation() + " was interrupted while waiting to retry", null, true, null);
  }

  AivenApiException retryAfterTooLong(ApiCall call, Exchange.Answered answer) {
    String aivenMessage = scrub(aivenMessage(answer.body()));
    return exception(answer.status(), call.operation() + ": Aiven asked to wait "
        + answer.retryAfter().toSeconds() + " s before retrying (HTTP " + answer.status() + ": " + aivenMessage
        + "); will try again later", aivenMessage, true, null);
  }

  /** Aiven's error text: top-level message, else the first errors[].message, else the raw body. */
  static String aivenMessage(String body) {
    if (body == null || body.isBlank()) return "(empty body)";
    try {
      AivenWire.ErrorAnswer json = AivenJson.read(body, AivenWire.ErrorAnswer.class);
      String top = json.message();
      if (top != null && !top.isBlank()) return truncate(top);
      String nested = json.errors().isEmpty() || json.errors().get(0) == null ? null : json.errors().get(0).message();
      if (nested != null && !nested.isBlank()) return truncate(nested);
    } catch (Exception notJson) {
      // Proxies and load balancers answer in HTML or plain text; show that text instead.
    }
    return truncate(body.strip());
  }

  String scrub(String text) {
    if (text == null || token == null || token.isEmpty()) return text;
    return text.replace(token, "<redacted>");
  }

  private AivenApiException exception(int status, String message, String aivenMessage, boolean retryable,
      Throwable cause) {
    return new AivenApiException(status, scrub(message), aivenMessage, retryable, cause);
  }

  private static String after(int attempts) {
    return attempts > 1 ? " after " + attempts + " attempts" : "";
  }

  private static String truncate(String text) {
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "…";
  }
}
