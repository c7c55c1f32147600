package dev.pgaudit.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Skips (never fails) a test class when Testcontainers finds no Docker engine, and says why in the
 * test report; Testcontainers' own disabledWithoutDocker gives no hint of what to do instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EnabledWithDocker.Condition.class)
@interface EnabledWithDocker {

  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (DockerClientFactory.instance().isDockerAvailable()) {
        return ConditionEvaluationResult.enabled("Docker is available");
      }
      return ConditionEvaluationResult.disabled("no Docker engine found by Testcontainers: the k3s end-to-end test"
          + " needs Docker to run the rancher/k3s container; run ./mvnw verify -Pe2e -pl e2e -am on a machine with Docker");
    }
  }
}
