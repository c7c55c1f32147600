package dev.pgaudit.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
      "30s, PT30S", "5m, PT5M", "1h, PT1H", "1h30m, PT1H30M", "250ms, PT0.25S", "2d, PT48H",
      "PT5M, PT5M", "pt10s, PT10S", "' 45s ', PT45S"})
  void acceptsShortFormsAndIso8601(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "5 m", "m5", "1.5h", "-5s", "5min", "PT", "P5X", ""})
  void rejectsAnythingElse(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("30s, 5m, 1h or PT5M");
  }

  @ParameterizedTest
  @CsvSource({"PT5M, 5m", "PT1H30M, 1h30m", "PT0.25S, 250ms", "PT10S, 10s", "PT0S, 0s"})
  void formatsShort(String iso, String text) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
  }
}
