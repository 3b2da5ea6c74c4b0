package dev.rolloutlab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolloutlab.gateway.progressive.plan.Analysis;
import dev.rolloutlab.gateway.progressive.plan.Kind;
import dev.rolloutlab.gateway.progressive.plan.Plan;
import dev.rolloutlab.gateway.progressive.plan.Probe;
import dev.rolloutlab.gateway.progressive.plan.Step;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
        assertThat(invalidConfigs().count()).isGreaterThanOrEqualTo(30);
    }

    /** Files that are not UTF-8 ({@code .bytes}, which no text reader can open): the header line is ASCII. */
    static Stream<Path> nonUtf8Files() throws IOException {
        return Files.list(INVALID).filter(p -> p.toString().endsWith(".bytes")).sorted();
    }

    @ParameterizedTest
    @MethodSource("nonUtf8Files")
    void refusesBytesThatAreNotUtf8(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String header = new String(bytes, 0, indexOf(bytes, (byte) '\n'), StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> RoutingConfigParser.parse(bytes))
                .isInstanceOf(InvalidRoutingConfigException.class)
                .hasMessageContaining(header.substring("# expect: ".length()));
    }

    @Test
    void theUtf8CheckAcceptsEveryValidFile() throws Exception {
        String yaml = "# f\u00fcr die Demo \u2013 \ud83d\ude80\n" + "strategy: canary\n" + GROUPS
                + "canary: {stable: v1, canary: v2, weight: 10}\n";

        assertThat(RoutingConfigParser.decode(yaml.getBytes(StandardCharsets.UTF_8))).isEqualTo(yaml);
        assertThat(RoutingConfigParser.parse(yaml.getBytes(StandardCharsets.UTF_8)).canary().weight()).isEqualTo(10);
    }

    @Test
    void aTenMegabyteFileIsRefusedBySizeAsTextAndAsBytes() {
        String valid = "strategy: canary\n" + GROUPS + "canary: {stable: v1, canary: v2, weight: 10}\n";
        String huge = valid + "# padding\n".repeat((10 * 1024 * 1024 - valid.length()) / 10);
        String expected = "the routing config is " + huge.length() + " bytes, more than the limit of 65536";

        assertThat(huge.length()).isGreaterThan(10_000_000);
        assertThatThrownBy(() -> RoutingConfigParser.parse(huge)).hasMessageContaining(expected);
        assertThatThrownBy(() -> RoutingConfigParser.parse(huge.getBytes(StandardCharsets.UTF_8))).hasMessageContaining(expected);
    }

    @Test
    void theSizeLimitCountsUtf8BytesNotCharacters() throws Exception {
        String valid = "strategy: canary\n" + GROUPS + "canary: {stable: v1, canary: v2, weight: 10}\n";
        String atTheLimit = valid + "#" + "x".repeat(RoutingConfigParser.MAX_BYTES - valid.length() - 1);
        String umlauts = valid + "#" + "\u00fc".repeat(RoutingConfigParser.MAX_BYTES / 2);

        assertThat(RoutingConfigParser.parse(atTheLimit).canary().weight()).isEqualTo(10);
        assertThat(umlauts.length()).isLessThan(RoutingConfigParser.MAX_BYTES);
        assertThatThrownBy(() -> RoutingConfigParser.parse(umlauts)).hasMessageContaining("more than the limit of 65536");
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
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
    void theDocumentedExampleIsValid() throws Exception {
        String readme = Files.readString(Path.of("../docs/gateway.md"));
        Matcher block = Pattern.compile("## Routing config.*?```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("docs/gateway.md has the routing config example").isTrue();

        RoutingConfig config = RoutingConfigParser.parse(block.group(1));

        assertThat(config.strategy()).isEqualTo(Strategy.CANARY);
        assertThat(config.rolling()).isNotNull();
        assertThat(config.bluegreen()).isNotNull();
    }

    @Test
    void theDocumentedExamplePerStrategyIsValid() throws Exception {
        String readme = Files.readString(Path.of("../docs/gateway.md"));
        Matcher block = Pattern.compile("Examples per strategy.*?```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("docs/gateway.md has an example per strategy").isTrue();

        List<Strategy> strategies = new java.util.ArrayList<>();
        for (String document : block.group(1).split("(?m)^---$")) {
            strategies.add(RoutingConfigParser.parse(document).strategy());
        }

        assertThat(strategies).containsExactly(Strategy.ROLLING, Strategy.BLUEGREEN, Strategy.CANARY);
    }

    static final String GROUPS = "groups: {v1: [http://localhost:8081], v2: [http://localhost:8082]}\n";

    @Test
    void parsesAProgressiveCanaryWithDefaults() throws Exception {
        RoutingConfig config = RoutingConfigParser.parse("strategy: canary\n" + GROUPS + """
                canary:
                  stable: v1
                  canary: v2
                  sticky: true
                  progressive:
                    revision: "2.0.0"
                    steps: [{weight: 10, hold: 30s}, {weight: 25, hold: 2m}, {weight: 50, hold: manual}]
                """);

        Plan plan = config.canary().progressive();
        assertThat(config.canary().weight()).as("the rollout owns the weight").isZero();
        assertThat(config.canary().sticky()).isTrue();
        assertThat(plan).isEqualTo(new Plan(Kind.CANARY, "2.0.0", "v2", "v1", List.of(
                new Step(10, Duration.ofSeconds(30), false, "step 1"),
                new Step(25, Duration.ofMinutes(2), false, "step 2"),
                new Step(50, Duration.ZERO, true, "step 3")),
                Analysis.DEFAULTS, new Probe(0, "/api/identity")));
        assertThat(Analysis.DEFAULTS).isEqualTo(new Analysis(Duration.ofSeconds(10), Duration.ofSeconds(10), 20, 5.0,
                Duration.ofMillis(500), 1, 30));
    }

    @Test
    void parsesEveryAnalysisAndProbeKey() throws Exception {
        RoutingConfig config = RoutingConfigParser.parse("strategy: canary\n" + GROUPS + """
                canary:
                  stable: v1
                  canary: v2
                  progressive:
                    revision: 2.1
                    steps: [{weight: 1, hold: 0s}, {weight: 99, hold: 1h}]
                    analysis: {interval: 5s, initialDelay: 0s, minRequests: 1, maxErrorRate: 2.5, maxP99: 1500ms,
                               failureLimit: 0, inconclusiveLimit: 3}
                    probe:
                      rate: 100
                      path: /api/identity?probe=1
                """);

        Plan plan = config.canary().progressive();
        assertThat(plan.revision()).as("a number is read as text").isEqualTo("2.1");
        assertThat(plan.steps()).extracting(Step::weight).containsExactly(1, 99);
        assertThat(plan.steps().get(1).hold()).isEqualTo(Duration.ofHours(1));
        assertThat(plan.analysis()).isEqualTo(new Analysis(Duration.ofSeconds(5), Duration.ZERO, 1, 2.5,
                Duration.ofMillis(1500), 0, 3));
        assertThat(plan.probe()).isEqualTo(new Probe(100, "/api/identity?probe=1"));
    }

    @Test
    void theInitialDelayDefaultsToTheInterval() throws Exception {
        RoutingConfig config = RoutingConfigParser.parse("strategy: canary\n" + GROUPS + """
                canary:
                  stable: v1
                  canary: v2
                  progressive: {revision: r1, steps: [{weight: 10, hold: 30s}], analysis: {interval: 3s}}
                """);

        assertThat(config.canary().progressive().analysis().initialDelay()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aBlueGreenPlanIsTwoStepsPreAndPostPromotion() throws Exception {
        RoutingConfig config = RoutingConfigParser.parse("""
                strategy: bluegreen
                groups: {blue: [http://localhost:8081], green: [http://localhost:8082]}
                bluegreen:
                  active: blue
                  preview: green
                  progressive: {revision: "2.0.0", prePromotion: 30s, autoPromotion: 10s, postPromotion: 1m}
                """);

        Plan plan = config.bluegreen().progressive();
        assertThat(config.bluegreen().active()).isEqualTo("blue");
        assertThat(plan.kind()).isEqualTo(Kind.BLUEGREEN);
        assertThat(plan.candidate()).isEqualTo("green");
        assertThat(plan.baseline()).isEqualTo("blue");
        assertThat(plan.steps()).containsExactly(
                new Step(0, Duration.ofSeconds(40), false, "pre-promotion"),
                new Step(100, Duration.ofMinutes(1), false, "post-promotion"));
        assertThat(plan.probe()).as("the preview has no users: probed by default").isEqualTo(new Probe(5, "/api/identity"));
        assertThat(plan.analysis()).isEqualTo(Analysis.DEFAULTS);
    }

    @Test
    void aBlueGreenPlanWithoutAutoPromotionWaitsForPromote() throws Exception {
        for (String auto : List.of("", "autoPromotion: manual,", "autoPromotion: null,")) {
            RoutingConfig config = RoutingConfigParser.parse("""
                    strategy: bluegreen
                    groups: {blue: [http://localhost:8081], green: [http://localhost:8082]}
                    bluegreen:
                      active: blue
                      preview: green
                      progressive: {revision: "2.0.0", prePromotion: 30s, %s postPromotion: 0s, probe: {rate: 0}}
                    """.formatted(auto));

            assertThat(config.bluegreen().progressive().steps()).as(auto).containsExactly(
                    new Step(0, Duration.ofSeconds(30), true, "pre-promotion"),
                    new Step(100, Duration.ZERO, false, "post-promotion"));
            assertThat(config.bluegreen().progressive().probe().rate()).isZero();
        }
    }

    @Test
    void aProgressiveBlockOfAStrategyNotInEffectIsKept() throws Exception {
        RoutingConfig config = RoutingConfigParser.parse("strategy: rolling\n" + GROUPS + """
                rolling: {group: v1}
                canary: {stable: v1, canary: v2, progressive: {revision: r1, steps: [{weight: 10, hold: 30s}]}}
                """);

        assertThat(config.configuredShares()).isEqualTo(Map.of("v1", 100));
        assertThat(config.canary().progressive().revision()).isEqualTo("r1");
    }

    @Test
    void withoutAProgressiveBlockThereIsNoPlan() throws Exception {
        RoutingConfig config = RoutingConfigParser.parse("strategy: canary\n" + GROUPS + "canary: {stable: v1, canary: v2, weight: 30}\n");

        assertThat(config.canary().progressive()).isNull();
        assertThat(config.canary().weight()).isEqualTo(30);
    }

    @Test
    void reportsEveryProgressiveProblemAtOnce() {
        String yaml = "strategy: canary\n" + GROUPS + """
                canary:
                  stable: v1
                  canary: v2
                  weight: 10
                  progressive:
                    steps: [{weight: 50, hold: 30}, {weight: 40, hold: 30s}]
                    analysis: {interval: 0s, maxErrorRate: "5%"}
                    probe: {rate: 1000, path: x}
                """;

        assertThatThrownBy(() -> RoutingConfigParser.parse(yaml))
                .isInstanceOfSatisfying(InvalidRoutingConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith("canary.weight:"))
                        .anyMatch(p -> p.startsWith("canary.progressive.revision:"))
                        .anyMatch(p -> p.startsWith("canary.progressive.steps[0].hold:"))
                        .anyMatch(p -> p.startsWith("canary.progressive.steps[1].weight:"))
                        .anyMatch(p -> p.startsWith("canary.progressive.analysis.interval:"))
                        .anyMatch(p -> p.startsWith("canary.progressive.analysis.maxErrorRate:"))
                        .anyMatch(p -> p.startsWith("canary.progressive.probe.rate:"))
                        .anyMatch(p -> p.startsWith("canary.progressive.probe.path:"))
                        .hasSize(8));
    }
}
