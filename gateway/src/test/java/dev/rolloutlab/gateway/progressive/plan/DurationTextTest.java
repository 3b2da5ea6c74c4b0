package dev.rolloutlab.gateway.progressive.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void readsAnIntegerWithAUnit() {
        assertThat(DurationText.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(DurationText.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(DurationText.parse("2m")).contains(Duration.ofMinutes(2));
        assertThat(DurationText.parse("1h")).contains(Duration.ofHours(1));
        assertThat(DurationText.parse("0s")).contains(Duration.ZERO);
    }

    @Test
    void refusesWhatItWouldHaveToGuess() {
        for (String text : new String[] {"30", "soon", "1.5s", "-1s", "30 s", "30S", "10sec", "PT30S", "", "1000000000s"}) {
            assertThat(DurationText.parse(text)).as(text).isEmpty();
        }
        assertThat(DurationText.parse(null)).isEmpty();
    }

    @Test
    void writesTheLargestExactUnit() {
        assertThat(DurationText.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationText.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationText.format(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(DurationText.format(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void saysItForASentence() {
        assertThat(DurationText.human(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(DurationText.human(Duration.ofSeconds(60))).isEqualTo("60 s");
        assertThat(DurationText.human(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(DurationText.human(Duration.ofMillis(250))).isEqualTo("250 ms");
    }

    @Test
    void plansTravelAsJsonWithDurationsAsText() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Analysis analysis = Analysis.DEFAULTS;

        String text = json.writeValueAsString(analysis);

        assertThat(text).contains("\"interval\":\"10s\"", "\"maxP99\":\"500ms\"", "\"maxErrorRate\":5.0");
        assertThat(json.readValue(text, Analysis.class)).isEqualTo(analysis);
        assertThat(json.writeValueAsString(new Step(10, Duration.ofSeconds(30), false, "step 1")))
                .isEqualTo("{\"weight\":10,\"hold\":\"30s\",\"manual\":false,\"label\":\"step 1\"}");
        assertThatThrownBy(() -> json.readValue("{\"interval\":\"10\"}", Analysis.class))
                .hasMessageContaining("a duration like 30s");
    }
}
