package dev.rolloutlab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoutingConfigParserTest {

    static final Path INVALID = Path.of("src/test/resources/routing/invalid");

    /** Each file in the corpus starts with {@code # expect: <the message it must be rejected with>}. */
    static Stream<Path> invalidConfigs() throws IOException {
        return Files.list(INVALID).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    static String expectedProblem(Path file) throws IOException {
        String first = Files.readAllLines(file).get(0);
        assertThat(first).as(file + " states what it expects").startsWith("# expect: ");
        return first.substring("# expect: ".length());
    }

    @ParameterizedTest
    @MethodSource("invalidConfigs")
    void rejectsEachMistakeNamingTheKey(Path file) throws IOException {
        String yaml = Files.readString(file);

        assertThatThrownBy(() -> RoutingConfigParser.parse(yaml))
                .isInstanceOf(InvalidRoutingConfigException.class)
                .hasMessageContaining(expectedProblem(file));
    }

    @Test
    void theCorpusCoversEnoughMistakes() throws IOException {
        assertThat(invalidConfigs().count()).isGreaterThanOrEqualTo(15);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String yaml = """
                strategy: canary
                groups: {v1: [http://localhost:8081], v2: []}
                canary: {stable: v1, canary: v3, weight: 200}
                """;

        assertThatThrownBy(() -> RoutingConfigParser.parse(yaml))
                .isInstanceOfSatisfying(InvalidRoutingConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith("groups.v2:"))
                        .anyMatch(p -> p.startsWith("canary.canary:"))
                        .anyMatch(p -> p.startsWith("canary.weight:")));
    }

    @Test
    void parsesACanary() throws Exception {
        RoutingConfig config = RoutingConfigParser.parse("""
                strategy: canary
                groups:
                  v1: [http://localhost:8081, http://localhost:8083]
                  v2: [https://v2.example:8443/]
                canary: {stable: v1, canary: v2, weight: 10, sticky: true}
                """);

        assertThat(config.strategy()).isEqualTo(Strategy.CANARY);
        assertThat(config.groups()).containsEntry("v1", List.of(URI.create("http://localhost:8081"), URI.create("http://localhost:8083")));
        assertThat(config.canary()).isEqualTo(new RoutingConfig.Canary("v1", "v2", 10, true, false));
        assertThat(config.configuredShares()).isEqualTo(Map.of("v1", 90, "v2", 10));
    }

    @Test
    void keepsBlocksOfOtherStrategiesSoSwitchingIsOneLine() throws Exception {
        RoutingConfig config = RoutingConfigParser.parse("""
                strategy: bluegreen
                groups: {blue: [http://localhost:8081], green: [http://localhost:8082]}
                rolling: {group: blue}
                bluegreen: {active: green, preview: blue}
                """);

        assertThat(config.rolling().group()).isEqualTo("blue");
        assertThat(config.configuredShares()).isEqualTo(Map.of("green", 100, "blue", 0));
    }

    @Test
    void theReadmeExampleIsValid() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher block = Pattern.compile("### Routing config.*?```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README has the routing config example").isTrue();

        RoutingConfig config = RoutingConfigParser.parse(block.group(1));

        assertThat(config.strategy()).isEqualTo(Strategy.CANARY);
        assertThat(config.rolling()).isNotNull();
        assertThat(config.bluegreen()).isNotNull();
    }

    @Test
    void theReadmeExamplePerStrategyIsValid() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher block = Pattern.compile("Examples per strategy.*?```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README has an example per strategy").isTrue();

        List<Strategy> strategies = new java.util.ArrayList<>();
        for (String document : block.group(1).split("(?m)^---$")) {
            strategies.add(RoutingConfigParser.parse(document).strategy());
        }

        assertThat(strategies).containsExactly(Strategy.ROLLING, Strategy.BLUEGREEN, Strategy.CANARY);
    }
}
