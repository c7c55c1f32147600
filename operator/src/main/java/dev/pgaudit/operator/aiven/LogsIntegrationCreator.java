package dev.pgaudit.operator.aiven;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates a {@code logs} integration without ever making two. POST is not idempotent, so:
 * <ul>
 *   <li>429, or a connection that never reached the server: nothing was created, POST again;</li>
 *   <li>5xx, 408 or a timeout: the integration may exist now, so list first and adopt it if it
 *       is there, POST again only if it is not;</li>
 *   <li>409: it already exists (the message wording is unconfirmed, so any 409 triggers a
 *       lookup); adopt it, or fail with the 409 if no match is found.</li>
 * </ul>
 */
final class LogsIntegrationCreator {
  static final String TYPE = "logs";

  private final CallRunner runner;

  LogsIntegrationCreator(CallRunner runner) {
    this.runner = runner;
  }

  /** {@code listCall} lists the source service's integrations; {@code key} says which one we want. */
  ServiceIntegration create(ApiCall post, ApiCall listCall, Key key) {
    boolean lookUpFirst = false;
    for (int attempt = 1; ; attempt++) {
      Step step = attempt(post, listCall, key, lookUpFirst, attempt);
      if (step instanceof Step.Done done) return done.integration();
      Step.Failed failed = (Step.Failed) step;
      if (attempt > runner.policy().maxRetries()) {
        throw runner.errors().failure(failed.call(), failed.exchange(), attempt);
      }
      lookUpFirst = failed.lookUpNext();
      runner.pauseBeforeRetry(failed.call(), failed.exchange(), attempt);
    }
  }

  private Step attempt(ApiCall post, ApiCall listCall, Key key, boolean lookUpFirst, int attempt) {
    if (lookUpFirst) {
      Exchange lookup = runner.transport().exchange(listCall);
      if (!(lookup instanceof Exchange.Answered listed && listed.ok())) {
        return failedOrThrow(listCall, lookup, true, attempt);
      }
      Optional<ServiceIntegration> existing =
          key.findIn(runner.parse(listCall, listed, AivenWire.IntegrationAnswer.class).enabled());
      if (existing.isPresent()) return new Step.Done(existing.get());
    }
    Exchange answer = runner.transport().exchange(post);
    if (answer instanceof Exchange.Answered created && created.ok()) {
      return new Step.Done(runner.parse(post, created, AivenWire.IntegrationAnswer.class).integration());
    }
    if (answer.status() == 409) {
      List<ServiceIntegration> existing = runner.run(listCall, AivenWire.IntegrationAnswer.class).enabled();
      return new Step.Done(key.findIn(existing).orElseThrow(() -> runner.errors().failure(post, answer, attempt)));
    }
    return failedOrThrow(post, answer, mayHaveBeenCreated(answer), attempt);
  }

  private Step failedOrThrow(ApiCall call, Exchange failure, boolean lookUpNext, int attempt) {
    if (!RetryPolicy.retriedInClient(failure, call.method())) throw runner.errors().failure(call, failure, attempt);
    return new Step.Failed(call, failure, lookUpNext);
  }

  private static boolean mayHaveBeenCreated(Exchange failure) {
    if (failure instanceof Exchange.Failed f) return !f.neverSent();
    return failure.status() != 429;
  }

  private sealed interface Step {
    record Done(ServiceIntegration integration) implements Step {}

    record Failed(ApiCall call, Exchange exchange, boolean lookUpNext) implements Step {}
  }

  /** What makes two logs integrations the same one for Aiven: type, source and destination. */
  record Key(String project, String sourceService, String destProject, String destService) {
    Optional<ServiceIntegration> findIn(List<ServiceIntegration> integrations) {
      return integrations.stream()
          .filter(i -> TYPE.equals(i.type()))
          .filter(i -> Objects.equals(orProject(i.sourceProject()), project))
          .filter(i -> Objects.equals(i.sourceService(), sourceService))
          .filter(i -> Objects.equals(orProject(i.destProject()), destProject))
          .filter(i -> Objects.equals(i.destService(), destService))
          .findFirst();
    }

    private String orProject(String p) { return p == null ? project : p; }
  }
}
