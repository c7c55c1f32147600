package dev.pgaudit.operator.aiven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * "." and ".." survive escaping as path segments and would make OkHttp address another resource
 * (the service list, the project): such names are not found, and nothing is sent.
 */
class AivenClientDotNamesTest extends ClientFixture {

  @ParameterizedTest
  @ValueSource(strings = {".", ".."})
  void aDotNameIsNotFoundWithoutAnyRequest(String name) {
    AivenApiException read = catchThrowableOfType(AivenApiException.class, () -> client.getService(PROJECT, name));
    AivenApiException write = catchThrowableOfType(AivenApiException.class,
        () -> client.updatePgaudit(name, PG, Map.of("log", java.util.List.of("ddl"))));

    assertThat(read.isNotFound()).isTrue();
    assertThat(read.getMessage()).contains("\"" + name + "\"");
    assertThat(write.isNotFound()).isTrue();
    assertThat(requests().total()).isZero();
  }

  /** In a request body (the integration's destination) the name is just a name: Aiven finds no such service. */
  @ParameterizedTest
  @ValueSource(strings = {".", ".."})
  void aDotDestinationIsNotFoundByAiven(String name) {
    AivenApiException create = catchThrowableOfType(AivenApiException.class,
        () -> client.createLogsIntegration(PROJECT, PG, PROJECT, name, Map.of()));

    assertThat(create.isNotFound()).isTrue();
    assertThat(sim.integrations(PROJECT)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"..x", ".hidden", "%2e%2e", "a/.."})
  void namesThatOnlyLookLikeDotsAreSentEscaped(String name) {
    AivenApiException e = catchThrowableOfType(AivenApiException.class, () -> client.getService(PROJECT, name));

    assertThat(e.isNotFound()).isTrue();
    assertThat(requests().entries()).singleElement()
        .satisfies(r -> assertThat(r.pathTemplate()).isEqualTo(dev.pgaudit.testkit.aiven.AivenSimulator.SERVICE_PATH));
  }
}
