package dev.pgaudit.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeOptionsTest {

  @Test
  void serverSideApplyIsOnUnlessTheEnvironmentSwitchesItOff() {
    assertThat(RuntimeOptions.fromEnvironment(Map.of()).serverSideApply()).isTrue();
    assertThat(RuntimeOptions.fromEnvironment(Map.of("PGAUDIT_SERVER_SIDE_APPLY", " ")).serverSideApply()).isTrue();
    assertThat(RuntimeOptions.fromEnvironment(Map.of("PGAUDIT_SERVER_SIDE_APPLY", "TRUE")).serverSideApply()).isTrue();
    assertThat(RuntimeOptions.fromEnvironment(Map.of("PGAUDIT_SERVER_SIDE_APPLY", " false ")).serverSideApply()).isFalse();
  }

  @Test
  void switchingSsaOffKeepsTheProductionLeaseTiming() {
    RuntimeOptions options = RuntimeOptions.fromEnvironment(Map.of("PGAUDIT_SERVER_SIDE_APPLY", "false"));
    assertThat(options).isEqualTo(new RuntimeOptions(false, RuntimeOptions.LeaseTiming.defaults(),
        RuntimeOptions.EXIT_ON_LOST_LEADERSHIP));
  }

  @Test
  void aValueOtherThanTrueOrFalseIsAConfigurationError() {
    assertThatThrownBy(() -> RuntimeOptions.fromEnvironment(Map.of("PGAUDIT_SERVER_SIDE_APPLY", "no")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PGAUDIT_SERVER_SIDE_APPLY")
        .hasMessageContaining("expected true or false");
  }
}
