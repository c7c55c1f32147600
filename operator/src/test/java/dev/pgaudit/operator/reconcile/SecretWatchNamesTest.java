package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only names a Secret can have are ever read from the API server: nothing else reaches a request path. */
class SecretWatchNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"aiven-token", "pg.admin", "a", "x1-2.y3"})
  void objectNamesAreRead(String name) {
    assertThat(SecretWatch.isObjectName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../kube-system/x", "..", "a/b", "Upper", "ünï", "-lead", "trail-", "a..b", "", "tok en"})
  void anythingElseIsAbsentWithoutARequest(String name) {
    assertThat(SecretWatch.isObjectName(name)).isFalse();
  }

  @Test
  void atMost253Characters() {
    assertThat(SecretWatch.isObjectName("a".repeat(253))).isTrue();
    assertThat(SecretWatch.isObjectName("a".repeat(254))).isFalse();
  }
}
