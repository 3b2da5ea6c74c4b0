package dev.rolloutlab.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The commands the labs and READMEs tell learners to type still work: every chart command renders
 * with the values it sets, every applied file exists and validates, every local-mode command has a
 * known shape. A renamed value, a moved manifest or a changed CLI breaks the build, naming file and line.
 */
class LabsCommandsTest {

    static final Path ROOT = Chart.DIR.getParent().getParent();
    private static final List<String> READMES = List.of("README.md", "helm/rollout-lab/README.md", "k8s/labs/README.md", "cluster/README.md");

    static List<Path> documents() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> labs = Files.list(ROOT.resolve("labs"))) {
            labs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        READMES.forEach(readme -> files.add(ROOT.resolve(readme)));
        return files;
    }

    @Test
    void everyDocumentedCommandWorks() throws IOException {
        LabsCheck check = new LabsCheck(ROOT);
        documents().forEach(check::check);
        assertThat(check.problems()).as("commands in Markdown that no longer work").isEmpty();
        // The check really ran: the labs do use each kind of command.
        assertThat(check.helmRenders()).as("helm commands rendered").isGreaterThan(20);
        assertThat(check.manifestFiles()).as("manifest files applied").isGreaterThan(10);
        assertThat(check.localModeCommands()).as("./rollout-lab commands").hasSizeGreaterThan(10);
    }

    @Test
    void theLabsUseEveryLocalModeCommand() throws IOException {
        LabsCheck check = new LabsCheck(ROOT);
        documents().forEach(check::check);
        Set<String> used = new TreeSet<>();
        check.localModeCommands().forEach(c -> used.add(c.words().get(1)));
        assertThat(used).containsExactlyInAnyOrderElementsOf(LocalModeCommand.NAMES);
    }

    private static final int COURSE_TOPICS = 26;

    @Test
    void everyTopicOfTheSeedNotesIsMappedToALabHeading() throws IOException {
        // The course outline the labs follow has 26 topics, numbered 1..26; each must map to a lab.
        Set<Integer> rows = new TreeSet<>();
        for (int topic = 1; topic <= COURSE_TOPICS; topic++) {
            rows.add(topic);
        }

        String readme = Files.readString(ROOT.resolve("labs/README.md"));
        Set<Integer> mapped = new TreeSet<>();
        List<String> broken = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\|.*$").matcher(readme);
        while (row.find()) {
            Matcher link = Pattern.compile("\\]\\(([^)#]+)#([^)]+)\\)").matcher(row.group());
            boolean any = false;
            while (link.find()) {
                any = true;
                Path lab = ROOT.resolve("labs").resolve(link.group(1));
                if (!Files.isRegularFile(lab) || !MarkdownAnchors.of(Files.readAllLines(lab)).contains(link.group(2))) {
                    broken.add("row " + row.group(1) + ": no heading #" + link.group(2) + " in " + link.group(1));
                }
            }
            if (any) {
                mapped.add(Integer.parseInt(row.group(1)));
            }
        }
        assertThat(broken).as("links in labs/README.md").isEmpty();
        assertThat(mapped).as("TOPICS.md rows mapped to a lab heading in labs/README.md").containsAll(rows);
    }

    @Test
    void theReadmeListsEveryLabInOrder() throws IOException {
        String readme = Files.readString(ROOT.resolve("labs/README.md"));
        List<String> labs;
        try (Stream<Path> files = Files.list(ROOT.resolve("labs"))) {
            labs = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d\\d-.*\\.md")).sorted().toList();
        }
        assertThat(labs).isNotEmpty();
        int last = -1;
        for (String lab : labs) {
            int at = readme.indexOf("](" + lab + ")");
            assertThat(at).as(lab + " linked from labs/README.md").isPositive();
            assertThat(at).as(lab + " listed after the lab before it").isGreaterThan(last);
            last = at;
        }
    }

    // The check itself: it fails, and says where and why.

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", textBlock = """
            helm install rl helm/rollout-lab -f helm/rollout-lab/values-canary.yaml --set canary.wieght=50 => additional properties 'wieght' not allowed
            helm install rl helm/rollout-lab -f helm/rollout-lab/values-canari.yaml => no values file helm/rollout-lab/values-canari.yaml
            helm upgrade rl helm/rollout-lab --reuse-values --set canary.weight=50 => --reuse-values without a preceding helm install
            helm install rl helm/rollout -f helm/rollout-lab/values-canary.yaml => is not helm/rollout-lab
            kubectl apply -f k8s/labs/99-missing.yaml => no such file k8s/labs/99-missing.yaml
            ./rollout-lab canary 101 => weight must be from 0 to 100 percent (got 101)
            ./rollout-lab bluegreen red => expected blue (v1) or green (v2), got 'red'
            ./rollout-lab rolling v3 => unknown version 'v3'
            ./rollout-lab load --rate 20 => Missing required option: '--duration=D'
            ./rollout-lab load --rate 20 --duration 1m --max-error-rate x => --max-error-rate must be a fraction
            ./rollout-lab deploy => Unmatched argument at index 0: 'deploy'
            cluster/kind-up.sh blue => no scenario 'blue'
            """)
    void aBrokenCommandFailsWithFileLineAndReason(String command, String reason, @TempDir Path dir) throws IOException {
        Path lab = Files.writeString(dir.resolve("lab.md"), "# A lab\n\nText.\n\n```bash\n" + command + "\n```\n");
        List<String> problems = new LabsCheck(ROOT).check(lab).problems();
        assertThat(problems).singleElement().asString()
                .contains("lab.md:6: `" + command.trim() + "`: ")
                .contains(reason.trim());
    }

    @Test
    void anUpgradeWithReuseValuesRendersOnTopOfTheInstallBeforeIt(@TempDir Path dir) throws IOException {
        // The third command spans two lines; its problem names the line it starts on.
        Path lab = Files.writeString(dir.resolve("lab.md"), """
                ```bash
                helm install rl helm/rollout-lab -f helm/rollout-lab/values-canary.yaml
                helm upgrade rl helm/rollout-lab --reuse-values --set canary.weight=50   # fine
                helm upgrade rl helm/rollout-lab --reuse-values \\
                  --set canary.weight=101
                ```
                """);
        assertThat(new LabsCheck(ROOT).check(lab).problems()).singleElement().asString()
                .contains("lab.md:4: ")
                .contains("maximum: got 101, want 100");
    }

    @Test
    void aSeparatedOrQuotedLineSplitsLikeTheShell() {
        assertThat(LabCommands.split("kubectl get pods; ./rollout-lab status && echo 'a; b' 2>&1 | grep x"))
                .containsExactly(List.of("kubectl", "get", "pods"), List.of("./rollout-lab", "status"),
                        List.of("echo", "a; b", "2>&1"), List.of("grep", "x"));
        assertThat(LabCommands.stripComment("curl -s 'localhost:8080/#top'   # who answers")).isEqualTo("curl -s 'localhost:8080/#top'   ");
    }
}
