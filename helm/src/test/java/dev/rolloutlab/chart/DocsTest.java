package dev.rolloutlab.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's README documents every value, and values.yaml comments every key. The root README stays short
 * and shows a real screenshot; every page of docs/ is linked from it, says first what it is for, and every
 * relative link of the README and docs/ leads to a file and heading that exist.
 */
class DocsTest {

    private static final Pattern TABLE_KEY = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE);
    private static final Pattern YAML_KEY = Pattern.compile("^(\\s*)[A-Za-z][\\w-]*:");

    @Test
    void theReadmeValuesTableListsEveryLeafKeyAndNothingElse() throws IOException {
        Set<String> leaves = new TreeSet<>();
        leaves(Chart.valuesFile("values.yaml"), "", leaves);
        assertThat(leaves).contains("strategy", "canary.weight", "volumes.persistence.accessModes", "scheduling.tolerations");
        Set<String> documented = new TreeSet<>();
        Matcher m = TABLE_KEY.matcher(Files.readString(Chart.DIR.resolve("README.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(documented).as("keys in the README values table").containsAll(leaves);
        assertThat(leaves).as("README rows for keys values.yaml does not have").containsAll(documented);
    }

    @Test
    void everyKeyInValuesYamlHasAComment() throws IOException {
        List<String> lines = Files.readAllLines(Chart.DIR.resolve("values.yaml"));
        List<String> undocumented = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (YAML_KEY.matcher(line).find() && !line.contains(" # ")
                    && (i == 0 || !lines.get(i - 1).trim().startsWith("#"))) {
                undocumented.add((i + 1) + ": " + line.trim());
            }
        }
        assertThat(undocumented).isEmpty();
    }

    @Test
    void theReadmeShowsInstallUpgradeWatchAndUninstall() throws IOException {
        String readme = Files.readString(Chart.DIR.resolve("README.md"));
        for (String file : Chart.VALUES_FILES) {
            assertThat(readme).contains("helm upgrade --install rl ./helm/rollout-lab -f helm/rollout-lab/" + file + " --wait");
        }
        assertThat(readme).contains("--reuse-values --set rollout.version=v2", "--reuse-values --set blueGreen.active=green",
                "--reuse-values --set canary.weight=50", "kubectl port-forward svc/rl-gateway 8080:80",
                "kubectl get pods -L app.kubernetes.io/version", "helm uninstall rl --wait");
    }

    @Test
    void gatewayApiLeadsAndIngressNginxIsMarkedRetired() throws IOException {
        // ingress-nginx is retired upstream (March 2026): the option stays for existing clusters only.
        String readme = Files.readString(Chart.DIR.resolve("README.md"));
        int httpRoute = readme.indexOf("- `--set router.type=httpRoute`");
        int nginx = readme.indexOf("- `--set router.type=nginx`");
        assertThat(httpRoute).as("the Gateway API router in the README").isPositive();
        assertThat(nginx).as("the nginx router after it").isGreaterThan(httpRoute);
        assertThat(readme.substring(nginx)).contains("retired upstream (March 2026");
        String values = Files.readString(Chart.DIR.resolve("values.yaml"));
        String routerComment = values.substring(values.indexOf("# -- gateway: the rollout-lab gateway"), values.indexOf("  type: gateway"))
                .replaceAll("\\s*\\n\\s*#\\s*", " ");
        assertThat(routerComment.indexOf("httpRoute")).isLessThan(routerComment.indexOf("nginx"));
        assertThat(routerComment).contains("retired upstream since March 2026");
        assertThat(values.substring(0, values.indexOf("\ningress:"))).contains("ingress-nginx is retired upstream");
    }

    @Test
    void theAutomatedCanarySnippetHasTrafficAndWatchesOnlyOnceThePortForwardListens() {
        // No traffic and no probe: every interval is inconclusive and the rollout ends Paused. And watch
        // before the port-forward listens fails to connect.
        List<LabCommands.Block> blocks = LabCommands.blocks(Chart.DIR.resolve("README.md")).stream()
                .filter(b -> String.join("\n", b.lines()).contains("canary.auto.enabled=true")).toList();
        assertThat(blocks).as("the README's automated canary snippet").hasSize(1);
        String snippet = String.join("\n", blocks.get(0).lines());
        Matcher rate = Pattern.compile("canary\\.auto\\.probe\\.rate=(\\d+)").matcher(snippet);
        assertThat(rate.find() && Integer.parseInt(rate.group(1)) > 0 || snippet.contains("./rollout-lab load"))
                .as("the snippet gives the canary traffic (canary.auto.probe.rate > 0, or a load): " + snippet).isTrue();
        int forward = snippet.indexOf("kubectl port-forward svc/rl-gateway 8080:80");
        int listens = snippet.indexOf("until curl -sf -o /dev/null localhost:8080/q/health/ready");
        int watch = snippet.indexOf("./rollout-lab watch");
        assertThat(forward).as("a port-forward").isNotNegative();
        assertThat(listens).as("then a wait until it listens").isGreaterThan(forward);
        assertThat(watch).as("then watch").isGreaterThan(listens);
    }

    @Test
    void hostPathIsSaidToLeaveBaselineNotOnlyRestricted() throws IOException {
        // Pod Security "baseline" forbids hostPath volumes: a paragraph that ties hostPath to "restricted" must say "baseline" too.
        Path root = LabsCommandsTest.ROOT;
        List<Path> files = new ArrayList<>(LabsCommandsTest.labs());
        files.addAll(List.of(Chart.DIR.resolve("README.md"), Chart.DIR.resolve("values.yaml"), root.resolve("k8s/labs/README.md")));
        List<String> wrong = new ArrayList<>();
        for (Path file : files) {
            for (String paragraph : Files.readString(file).split("\n\\s*\n|\n(?=\\s*[-|] )")) {
                if (paragraph.contains("hostPath") && paragraph.contains("\"restricted\"") && !paragraph.contains("\"baseline\"")) {
                    wrong.add(root.relativize(file) + ": " + paragraph.strip());
                }
            }
        }
        assertThat(wrong).as("hostPath said to leave only \"restricted\"").isEmpty();
    }

    private static final int README_MAX_LINES = 250;
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void theRootReadmeIsShortAndShowsARealScreenshot() throws IOException {
        Path readme = LabsCommandsTest.ROOT.resolve("README.md");
        assertThat(Files.readAllLines(readme)).as("lines of README.md").hasSizeLessThanOrEqualTo(README_MAX_LINES);
        Matcher image = Pattern.compile("!\\[[^\\]]+\\]\\((docs/[^)]+\\.png)\\)").matcher(Files.readString(readme));
        assertThat(image.find()).as("README.md shows a screenshot under docs/").isTrue();
        Path png = readme.resolveSibling(image.group(1));
        assertThat(png).as("the README's screenshot").isRegularFile();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(Arrays.copyOf(bytes, PNG_SIGNATURE.length)).as(png + " starts with the PNG signature").isEqualTo(PNG_SIGNATURE);
        assertThat(bytes.length).as(png + " is a screenshot, not a placeholder").isGreaterThan(10_000);
        String readmeText = Files.readString(readme);
        assertThat(readmeText).contains("./rollout-lab up", "./mvnw verify", "| strategy | type | what you see |",
                "cluster/kind-up.sh", "helm upgrade --install rl helm/rollout-lab", "kubectl port-forward svc/rl-gateway 8080:80",
                "--set canary.weight=50", "cluster/kind-down.sh");
    }

    @Test
    void everyDocsPageIsLinkedFromTheReadmeAndSaysFirstWhatItIsFor() throws IOException {
        String readme = Files.readString(LabsCommandsTest.ROOT.resolve("README.md"));
        List<Path> pages = LabsCommandsTest.docsPages();
        assertThat(pages).hasSizeGreaterThanOrEqualTo(8);
        for (Path page : pages) {
            String name = page.getFileName().toString();
            assertThat(readme).as("README.md links docs/" + name).containsPattern("\\]\\(docs/" + Pattern.quote(name) + "[)#]");
            List<String> lines = Files.readAllLines(page);
            assertThat(lines.get(0)).as(name + " starts with its title").startsWith("# ");
            String first = lines.stream().skip(1).dropWhile(String::isBlank).takeWhile(l -> !l.isBlank())
                    .reduce("", (a, b) -> a + " " + b).strip();
            assertThat(first).as(name + ": a paragraph on what the page is for comes first").doesNotStartWith("#")
                    .doesNotStartWith("|").doesNotStartWith("```").doesNotStartWith("- ");
            assertThat(first.split("(?<=[.!?])\\s+(?=[A-Z`\\[])")).as(name + ": two sentences on what it is for").hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void everyRelativeLinkOfTheReadmeAndDocsLeadsToAFileAndHeading() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(LabsCommandsTest.ROOT.resolve("README.md"));
        files.addAll(LabsCommandsTest.docsPages());
        files.add(Chart.DIR.resolve("README.md"));
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : files) {
            for (String target : links(Files.readAllLines(file))) {
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                Path to = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                checked++;
                if (!Files.exists(to)) {
                    broken.add(LabsCommandsTest.ROOT.relativize(file) + ": " + target + " (no such file)");
                } else if (hash >= 0 && to.toString().endsWith(".md")
                        && !MarkdownAnchors.of(Files.readAllLines(to)).contains(target.substring(hash + 1))) {
                    broken.add(LabsCommandsTest.ROOT.relativize(file) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(checked).as("relative links checked").isGreaterThan(30);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void theCommandsMovedToDocsAreStillRead() throws IOException {
        // LabsCommandsTest checks every command of these pages; they must hold some.
        for (String page : List.of("local-mode.md", "progressive-delivery.md", "images-and-manifests.md")) {
            assertThat(LabCommands.read(LabsCommandsTest.ROOT.resolve("docs").resolve(page))).as("commands of docs/" + page).isNotEmpty();
        }
        assertThat(LabsCommandsTest.readmes()).contains(LabsCommandsTest.ROOT.resolve("docs/local-mode.md"),
                LabsCommandsTest.ROOT.resolve("README.md"));
    }

    /** The targets of a Markdown file's links outside code fences and code spans. */
    private static List<String> links(List<String> lines) {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    /** Leaves: scalars, lists and empty maps, by dotted path. */
    private static void leaves(JsonNode node, String path, Set<String> leaves) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(e -> leaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), leaves));
        } else {
            leaves.add(path);
        }
    }
}
