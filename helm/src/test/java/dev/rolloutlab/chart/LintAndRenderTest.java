package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LintAndRenderTest {

    @Test
    void lintStrictIsClean() {
        LintResult result = Chart.helm().lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        // Strict fails on warnings; only the "icon is recommended" hint (INFO) may remain.
        assertThat(result.getMessages()).allMatch(m -> m.startsWith("[INFO]"), "only INFO messages");
    }

    @ParameterizedTest
    @MethodSource("dev.rolloutlab.chart.Chart#valuesFiles")
    void everyValuesFileRenders(String file) {
        assertThat(chart().values(file).render().all("Deployment")).hasSizeGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("dev.rolloutlab.chart.Chart#strategies")
    void everyStrategyRenders(String strategy) {
        assertThat(chart().set("strategy", strategy).render().all("Deployment")).hasSizeGreaterThanOrEqualTo(2);
    }
}
