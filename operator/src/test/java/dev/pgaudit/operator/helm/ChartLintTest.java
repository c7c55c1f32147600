package dev.pgaudit.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

/** helm lint --strict: warnings fail too. Only the "icon is recommended" hint may remain. */
class ChartLintTest {

  @Test
  void chartPassesStrictLint() {
    LintResult result = Chart.helm().lint().strict().call();

    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).allSatisfy(m -> assertThat(m).startsWith("[INFO]"));
  }
}
