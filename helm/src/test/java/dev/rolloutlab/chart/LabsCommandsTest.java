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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The commands the labs and READMEs tell learners to type still work: every chart command renders
 * with the values it sets, every applied file exists and validates, every local-mode command has a
 * known shape. A renamed value, a moved manifest or a changed CLI breaks the build, naming file and line.
 */
class LabsCommandsTest {

    static final Path ROOT = Chart.DIR.getParent().getParent();
    private static final List<String> READMES = List.of("README.md", "helm/rollout-lab/README.md", "k8s/labs/README.md", "cluster/README.md");

    /** labs/*.md in order (00, 01, ..., README.md last), then the READMEs and the pages of docs/. */
    static List<Path> documents() throws IOException {
        List<Path> files = new ArrayList<>(labs());
        files.addAll(readmes());
        return files;
    }

    /** The READMEs, then docs/*.md in name order: what the root README moved out to docs/ is checked as it was there. */
    static List<Path> readmes() throws IOException {
        List<Path> files = new ArrayList<>();
        READMES.forEach(readme -> files.add(ROOT.resolve(readme)));
        files.addAll(docsPages());
        return files;
    }

    /** docs/*.md in name order. */
    static List<Path> docsPages() throws IOException {
        try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
            return pages.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }

    static List<Path> labs() throws IOException {
        try (Stream<Path> labs = Files.list(ROOT.resolve("labs"))) {
            return labs.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }

    /**
     * The labs with the flow rules (read in order, what is installed carried from lab to lab), the READMEs
     * without them: they show alternatives side by side, not one session.
     */
    static LabsCheck checkAll() throws IOException {
        LabsCheck check = new LabsCheck(ROOT);
        labs().forEach(check::check);
        readmes().forEach(check::checkCommandsOnly);
        return check;
    }

    @Test
    void aRedirectionIsTheShellsNotTheCommandsArgument() {
        assertThat(LabsCheck.withoutRedirections(List.of("watch", ">", "/dev/null"))).containsExactly("watch");
        assertThat(LabsCheck.withoutRedirections(List.of("status", ">/tmp/s", "2>&1"))).containsExactly("status");
        assertThat(LabsCheck.withoutRedirections(List.of("load", "--rate", "5", "2>", "err.log", "--duration", "1s")))
                .containsExactly("load", "--rate", "5", "--duration", "1s");
        assertThat(LocalModeCommand.problem(LabsCheck.withoutRedirections(List.of("watch", ">", "/dev/null")))).isEmpty();
        assertThat(LocalModeCommand.problem(LabsCheck.withoutRedirections(List.of("watch", "--bogus", ">", "/dev/null")))).isPresent();
    }

    @Test
    void everyDocumentedCommandWorks() throws IOException {
        LabsCheck check = checkAll();
        assertThat(check.problems()).as("commands in Markdown that no longer work").isEmpty();
        // The check really ran: the labs do use each kind of command.
        assertThat(check.helmRenders()).as("helm commands rendered").isGreaterThan(20);
        assertThat(check.manifestFiles()).as("manifest files applied").isGreaterThan(10);
        assertThat(check.localModeCommands()).as("./rollout-lab commands").hasSizeGreaterThan(10);
    }

    @Test
    void theLabsUseEveryLocalModeCommand() throws IOException {
        LabsCheck check = checkAll();
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
            kubectl get configmap demo -A => a resource name with -A: kubectl refuses it
            kubectl -n rollout-labs describe cm/demo --all-namespaces => a resource name with -A
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

    // The flow check: each rule fails on a snippet that breaks it, naming file:line, and passes the right one.

    private static final String INSTALL = "helm upgrade --install rl helm/rollout-lab -f helm/rollout-lab/values-rolling.yaml";

    static Stream<Arguments> flowMistakes() {
        return Stream.of(
                Arguments.of("a port-forward right after an install", """
                        ```bash
                        %s
                        kubectl port-forward svc/rl-gateway 8080:80 &
                        ```
                        """.formatted(INSTALL), 3, "port-forward before the pods run: nothing waits after the change at"),
                Arguments.of("a port-forward right after an apply", """
                        ```bash
                        kubectl apply -f k8s/labs/20-pv-retain.yaml
                        kubectl -n rollout-labs port-forward pod/pv-retain-user 8080:8080 &
                        ```
                        """, 3, "port-forward before the pods run"),
                Arguments.of("a port-forward after a pod was deleted", """
                        ```bash
                        %s --wait
                        kubectl delete pod -l app.kubernetes.io/component=sample
                        kubectl port-forward deploy/rl-sample 8081:8080 &
                        ```
                        """.formatted(INSTALL), 4, "port-forward before the pods run"),
                Arguments.of("an install of the release kind-up.sh installed", """
                        ```bash
                        cluster/kind-up.sh canary
                        helm install rl helm/rollout-lab -f helm/rollout-lab/values-rolling.yaml --wait
                        ```
                        """, 3, "release rl is still installed"),
                Arguments.of("an install right after an uninstall without --wait", """
                        ```bash
                        %s --wait
                        helm uninstall rl
                        %s --wait
                        ```
                        """.formatted(INSTALL, INSTALL), 4, "release rl is still being deleted"),
                Arguments.of("a port-forward on a port local mode holds", """
                        ```bash local
                        ./rollout-lab up
                        ```

                        ```bash
                        %s --wait
                        kubectl port-forward svc/rl-gateway 8080:80 &
                        ```
                        """.formatted(INSTALL), 7, "local port 8080 is held by local mode"),
                Arguments.of("a drain without a timeout", """
                        ```bash
                        kubectl drain "$node" --ignore-daemonsets --delete-emptydir-data
                        ```
                        """, 2, "drain without --timeout"),
                Arguments.of("a port-forward to a pod with no readiness probe", """
                        ```bash
                        kubectl apply -f k8s/labs/40-ambassador.yaml
                        kubectl -n rollout-labs wait --for=condition=Ready pod/ambassador --timeout 120s
                        kubectl -n rollout-labs port-forward pod/ambassador 9000:9000 &
                        ```
                        """, 4, "whose pods (file k8s/labs/40-ambassador.yaml) have no readiness probe"),
                Arguments.of("a port-forward to a pod with no readiness probe, its file edited by sed", """
                        ```bash
                        sed "s/example.com/example.org/" k8s/labs/40-ambassador.yaml | kubectl apply -f -
                        kubectl -n rollout-labs wait --for=condition=Ready pod/ambassador --timeout 120s
                        kubectl -n rollout-labs port-forward ambassador 9000:9000 &
                        ```
                        """, 4, "whose pods (file k8s/labs/40-ambassador.yaml) have no readiness probe"),
                Arguments.of("readyReplicas checked right after uncordon", """
                        ```bash
                        kubectl drain "$node" --ignore-daemonsets --timeout 120s
                        kubectl uncordon "$node"
                        ```

                        <!-- check: test "$(kubectl -n rollout-labs get deployment drained -o jsonpath='{.status.readyReplicas}')" = 3 -->
                        """, 6, "checks readyReplicas right after the drain/uncordon at"),
                Arguments.of("readyReplicas checked right after drain", """
                        ```bash
                        kubectl drain "$node" --ignore-daemonsets --timeout 120s
                        kubectl -n rollout-labs get deployment drained -o jsonpath='{.status.readyReplicas}'
                        ```
                        """, 3, "checks readyReplicas right after the drain/uncordon at"),
                Arguments.of("kind-down.sh in a runnable block", """
                        ```bash
                        cluster/kind-down.sh
                        ```
                        """, 2, "tears the cluster down in a runnable block"),
                Arguments.of("kind delete cluster in a watch block", """
                        ```bash watch
                        kind delete cluster --name rollout-lab
                        ```
                        """, 2, "tears the cluster down in a runnable block"),
                Arguments.of("minikube delete in a local block", """
                        ```bash local
                        minikube delete -p rollout-lab
                        ```
                        """, 2, "tears the cluster down in a runnable block"),
                Arguments.of("a kind node name typed in", """
                        ```bash
                        kubectl cordon rollout-lab-worker
                        ```
                        """, 2, "names kind's node rollout-lab-worker: read node names from the cluster"),
                Arguments.of("a kind node name in a hidden check", """
                        ```bash
                        kubectl get pods -o wide
                        ```

                        <!-- check: test "$(kubectl get pods -o jsonpath='{.items[*].spec.nodeName}')" = rollout-lab-control-plane -->
                        """, 5, "names kind's node rollout-lab-control-plane"),
                Arguments.of("a fixed sleep before reading a log", """
                        ```bash
                        sleep 10
                        kubectl -n rollout-labs logs pod/ambassador -c app
                        ```
                        """, 3, "reads a log after a fixed `sleep 10`"),
                Arguments.of("a file written into ~/.kube nobody made", """
                        ```bash
                        ssh ubuntu@203.0.113.11 sudo cat /etc/kubernetes/admin.conf > ~/.kube/rollout-lab.yaml
                        ```
                        """, 2, "writes into ~/.kube, which may not exist yet: run mkdir -p ~/.kube first"),
                Arguments.of("a watch in a plain block", """
                        ```bash
                        kubectl get pods -w
                        ```
                        """, 2, "never ends by itself"),
                Arguments.of("a background load nobody waits for", """
                        ```bash
                        ./rollout-lab load --rate 20 --duration 30s --max-error-rate 0 & load=$!
                        ./rollout-lab canary 50
                        ```
                        """, 2, "a load in the background nobody waits for"),
                Arguments.of("an unknown block kind", """
                        ```bash later
                        kubectl get pods
                        ```
                        """, 2, "unknown block kind 'later'"),
                Arguments.of("local mode in a plain block", """
                        ```bash
                        ./rollout-lab up
                        ```
                        """, 2, "never ends by itself"),
                Arguments.of("a load for another terminal in a local block", """
                        ```bash local
                        ./rollout-lab load --rate 50 --duration 10m
                        ```
                        """, 2, "put it in a ```bash local watch block"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flowMistakes")
    void aFlowMistakeFailsWithFileAndLine(String name, String markdown, int line, String reason, @TempDir Path dir) throws IOException {
        Path lab = Files.writeString(dir.resolve("lab.md"), markdown);
        assertThat(new LabsCheck(ROOT).check(lab).problems()).singleElement().asString()
                .contains("lab.md:" + line + ": ")
                .contains(reason);
    }

    static Stream<Arguments> rightFlows() {
        return Stream.of(
                Arguments.of("helm waits", """
                        ```bash
                        %s --wait
                        kubectl port-forward svc/rl-gateway 8080:80 >/dev/null & pf=$!
                        ```
                        """.formatted(INSTALL)),
                Arguments.of("kubectl waits", """
                        ```bash
                        kubectl apply -f k8s/labs/20-pv-retain.yaml
                        kubectl -n rollout-labs wait --for=condition=Ready pod/pv-retain-user --timeout 120s
                        kubectl -n rollout-labs port-forward pod/pv-retain-user 8080:8080 &
                        %s
                        kubectl rollout status deploy/rl-sample
                        kubectl port-forward deploy/rl-sample 8081:8080 &
                        ```
                        """.formatted(INSTALL)),
                Arguments.of("upgrade --install replaces kind-up.sh's release", """
                        ```bash
                        cluster/kind-up.sh canary
                        %s --wait
                        helm uninstall rl --wait
                        helm install rl helm/rollout-lab -f helm/rollout-lab/values-rolling.yaml --wait
                        ```
                        """.formatted(INSTALL)),
                Arguments.of("local mode stopped first", """
                        ```bash local
                        ./rollout-lab up
                        ```

                        ```bash local
                        ./rollout-lab down
                        ```

                        ```bash
                        %s --wait
                        kubectl port-forward svc/rl-gateway 8080:80 &
                        ```
                        """.formatted(INSTALL)),
                Arguments.of("a load for another terminal in a local watch block", """
                        ```bash local watch
                        ./rollout-lab load --rate 50 --duration 10m
                        ```

                        ```bash local
                        ./rollout-lab load --rate 20 --duration 2m --max-error-rate 0
                        ```
                        """),
                Arguments.of("a background load waited for", """
                        ```bash
                        ./rollout-lab load --rate 20 --duration 30s --max-error-rate 0 & load=$!
                        ./rollout-lab canary 50
                        wait $load
                        ```
                        """),
                Arguments.of("a drain with a timeout, a watch in its block", """
                        ```bash watch
                        kubectl get pods -w
                        ```

                        ```bash
                        kubectl drain "$node" --ignore-daemonsets --delete-emptydir-data --timeout 120s
                        ```
                        """),
                Arguments.of("a node read from the cluster, put into a manifest by sed; the pod has a readiness probe", """
                        ```bash
                        node=$(kubectl get nodes -l '!node-role.kubernetes.io/control-plane' -o jsonpath='{.items[0].metadata.name}')
                        sed "s/rollout-lab-worker/$node/" k8s/labs/20-pv-retain.yaml | kubectl apply -f -
                        kubectl -n rollout-labs wait --for=condition=Ready pod/pv-retain-user --timeout 120s
                        kubectl -n rollout-labs port-forward pod/pv-retain-user 8080:8080 &
                        ```
                        """),
                Arguments.of("the chart's gateway and sample pods have readiness probes", """
                        ```bash
                        %s --wait
                        kubectl port-forward svc/rl-gateway 8080:80 &
                        kubectl port-forward deploy/rl-sample 8081:8080 &
                        ```
                        """.formatted(INSTALL)),
                Arguments.of("readyReplicas checked after rollout status", """
                        ```bash
                        kubectl drain "$node" --ignore-daemonsets --timeout 120s
                        kubectl uncordon "$node"
                        kubectl -n rollout-labs rollout status deployment/drained --timeout 120s
                        ```

                        <!-- check: test "$(kubectl -n rollout-labs get deployment drained -o jsonpath='{.status.readyReplicas}')" = 3 -->
                        """),
                Arguments.of("kind-down.sh shown as text", """
                        ```console
                        cluster/kind-down.sh
                        ```
                        """),
                Arguments.of("a log polled with a timeout", """
                        ```bash
                        timeout 60 bash -c 'until kubectl -n rollout-labs logs pod/ambassador -c app | grep -qi "<html"; do sleep 2; done'
                        kubectl -n rollout-labs logs pod/ambassador -c app
                        ```
                        """),
                Arguments.of("~/.kube made first", """
                        ```bash
                        mkdir -p ~/.kube
                        ssh ubuntu@203.0.113.11 sudo cat /etc/kubernetes/admin.conf > ~/.kube/rollout-lab.yaml
                        ```
                        """),
                Arguments.of("a name across namespaces through a field selector", """
                        ```bash
                        kubectl get configmaps -A --field-selector metadata.name=demo
                        kubectl get pods -A -o wide
                        ```
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rightFlows")
    void aRightFlowPasses(String name, String markdown, @TempDir Path dir) throws IOException {
        Path lab = Files.writeString(dir.resolve("lab.md"), markdown);
        assertThat(new LabsCheck(ROOT).check(lab).problems()).isEmpty();
    }

    @Test
    void aPortForwardTargetIsFoundInWhatWasInstalledOrApplied(@TempDir Path dir) throws IOException {
        // The readiness rule is only as good as this lookup: a target it cannot find is not checked.
        Path lab = Files.writeString(dir.resolve("lab.md"), """
                ```bash
                %s --wait
                kubectl apply -f k8s/labs/20-pv-retain.yaml
                ```
                """.formatted(INSTALL));
        LabsCheck check = new LabsCheck(ROOT).check(lab);
        assertThat(check.podsReached("default", "svc/rl-gateway")).as("the gateway's Service, through its selector").isEqualTo(1);
        assertThat(check.podsReached("default", "deploy/rl-sample")).isEqualTo(1);
        assertThat(check.podsReached("rollout-labs", "pod/pv-retain-user")).isEqualTo(1);
        assertThat(check.podsReached("rollout-labs", "pv-retain-user")).isEqualTo(1);
        assertThat(check.podsReached("default", "pod/pv-retain-user")).as("another namespace").isZero();
    }

    @Test
    void aReleaseCarriesOverFromOneLabToTheNext(@TempDir Path dir) throws IOException {
        Path labs = Files.createDirectories(dir.resolve("labs"));
        Path first = Files.writeString(labs.resolve("00-cluster.md"), "```bash\ncluster/kind-up.sh canary\n```\n");
        Path second = Files.writeString(labs.resolve("03-rolling.md"), "```bash\nhelm install rl helm/rollout-lab --wait\n```\n");
        assertThat(new LabsCheck(ROOT).check(first).check(second).problems()).singleElement().asString()
                .contains("03-rolling.md:2: ")
                .contains("release rl is still installed (")
                .contains("labs/00-cluster.md:2)");
        // A file that is no lab starts from nothing.
        Path readme = Files.writeString(labs.resolve("README.md"), "```bash\nhelm install rl helm/rollout-lab --wait\n```\n");
        assertThat(new LabsCheck(ROOT).check(first).check(readme).problems()).isEmpty();
    }

    // labs/run.sh: its parser reads every lab as the build's does, and it refuses what it cannot run.

    private record Run(int exit, String out, String err) {
    }

    private static Run runner(Path script, String... args) throws IOException, InterruptedException {
        return runner("/usr/bin:/bin", script, args); // no kubectl, helm or cluster needed for these
    }

    private static Run runner(String path, Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PATH", path);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home")); // --local asks for a JDK
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }

    @Test
    void theRunnerListsTheStepsTheBuildReadsInEveryLab() throws Exception {
        Pattern check = Pattern.compile("^<!-- check: (.*) -->$");
        for (Path lab : labs()) {
            String name = lab.getFileName().toString();
            if (!name.matches("\\d\\d-.*\\.md")) {
                continue;
            }
            Run run = runner(ROOT.resolve("labs/run.sh"), "--dry-run", name.substring(0, 2));
            assertThat(run.exit()).as(name + ": labs/run.sh --dry-run " + run.err()).isZero();
            List<String> expected = new ArrayList<>();
            List<LabCommands.Block> blocks = LabCommands.blocks(lab);
            for (LabCommands.Block block : blocks) {
                expected.add(block.line() + " " + (block.kind().isEmpty() ? "run" : block.kind()));
            }
            List<String> lines = Files.readAllLines(lab);
            for (int i = 0; i < lines.size(); i++) {
                if (check.matcher(lines.get(i)).matches()) {
                    // a check belongs to the mode of the block before it
                    int at = i + 1;
                    boolean local = blocks.stream().filter(b -> b.line() < at).reduce((a, b) -> b)
                            .map(b -> b.kind().startsWith("local")).orElse(false);
                    expected.add(at + (local ? " local check" : " check"));
                }
            }
            expected.sort(java.util.Comparator.comparingInt(s -> Integer.parseInt(s.split(" ")[0])));
            List<String> listed = run.out().lines().map(l -> l.split("\t")).map(f -> f[0].replaceAll(".*:", "") + " " + f[1]).toList();
            assertThat(listed).as(name + ": the runner's steps against the build's parser").isEqualTo(expected);
            // The script it would run on a cluster is valid bash.
            Run script = runner(ROOT.resolve("labs/run.sh"), "--script", name.substring(0, 2));
            assertThat(script.exit()).as(name + ": labs/run.sh --script " + script.err()).isZero();
            assertBashParses(name + ": the runner's script", script.out());
            if (name.compareTo("01") >= 0 && name.compareTo("11") < 0) {
                assertThat(listed).as(name + ": a cluster lab has steps the runner runs").anyMatch(l -> l.endsWith(" run"));
            }
            // --local lists the local steps only, and its script is valid bash too.
            List<String> localSteps = listed.stream().filter(l -> l.matches("\\d+ local.*")).toList();
            Run local = runner(ROOT.resolve("labs/run.sh"), "--local", "--dry-run", name.substring(0, 2));
            if (localSteps.isEmpty()) {
                assertThat(local.exit()).as(name + ": --local of a lab with no local part").isEqualTo(2);
                assertThat(local.err()).contains("has no local-mode part");
                continue;
            }
            assertThat(local.exit()).as(name + ": labs/run.sh --local --dry-run " + local.err()).isZero();
            assertThat(local.out().lines().map(l -> l.split("\t")).map(f -> f[0].replaceAll(".*:", "") + " " + f[1]).toList())
                    .as(name + ": the local steps").isEqualTo(localSteps);
            Run localScript = runner(ROOT.resolve("labs/run.sh"), "--local", "--script", name.substring(0, 2));
            assertThat(localScript.exit()).as(name + ": labs/run.sh --local --script " + localScript.err()).isZero();
            assertThat(localScript.out()).as(name + ": local mode's `up` returns once ready").doesNotContainPattern("(?m)^\\./rollout-lab up$");
            assertBashParses(name + ": the runner's local script", localScript.out());
        }
    }

    /** {@code bash -n} accepts {@code script}. */
    private static void assertBashParses(String what, String script) throws Exception {
        Path file = Files.writeString(Files.createTempFile("lab-", ".sh"), script);
        try {
            Process syntax = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
            String problems = new String(syntax.getInputStream().readAllBytes());
            assertThat(syntax.waitFor()).as(what + ": bash -n: " + problems).isZero();
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void theRunnerRefusesWhatItCannotRun(@TempDir Path dir) throws Exception {
        Path labs = Files.createDirectories(dir.resolve("labs"));
        Path script = Files.copy(ROOT.resolve("labs/run.sh"), labs.resolve("run.sh"));
        Files.writeString(labs.resolve("01-typo.md"), "# A lab\n\n```bash later\nkubectl get pods\n```\n");
        Files.writeString(labs.resolve("02-fine.md"), "# A lab\n\n```bash\nkubectl get pods\n```\n");

        Run unknownKind = runner(script, "--dry-run", "01");
        assertThat(unknownKind.exit()).isEqualTo(2);
        assertThat(unknownKind.err()).contains("01-typo.md:3: unknown block kind 'later'");

        Run unknownLab = runner(script, "--dry-run", "07");
        assertThat(unknownLab.exit()).isEqualTo(2);
        assertThat(unknownLab.err()).contains("no lab 07; the labs are: 01 02");

        Run notANumber = runner(script, "three");
        assertThat(notANumber.exit()).isEqualTo(2);
        assertThat(notANumber.err()).contains("'three' is not a lab number");

        // No kubectl on this PATH (nor a cluster): refused before anything runs.
        Run noCluster = runner(script, "02");
        assertThat(noCluster.exit()).isEqualTo(2);
        assertThat(noCluster.err()).containsAnyOf("kubectl is not on the PATH", "helm is not on the PATH", "no cluster reachable");
    }

    @Test
    void theRunnerRunsALabInOneShellChecksItsPromisesAndStopsWhatItStarted(@TempDir Path dir) throws Exception {
        Path labs = Files.createDirectories(dir.resolve("labs"));
        Path script = Files.copy(ROOT.resolve("labs/run.sh"), labs.resolve("run.sh"));
        // A stand-in cluster: kubectl and helm that answer every call with success.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("kubectl", "helm")) {
            Path stub = Files.writeString(bin.resolve(tool), "#!/bin/sh\nexit 0\n");
            assertThat(stub.toFile().setExecutable(true)).isTrue();
        }
        String path = bin + ":/usr/bin:/bin";
        Files.writeString(labs.resolve("01-good.md"), """
                # A lab that keeps its promises

                ```bash
                cd labs
                x=1
                sleep 300 & echo $! > ../background.pid
                ```

                ```bash watch
                sh -c 'echo $$ > ../watch.pid; exec sleep 301'
                ```

                ```bash
                timeout 10 sh -c 'until test -s ../watch.pid; do sleep 0.1; done'
                ```

                <!-- check: test "$x" = 1 && test "$(basename "$PWD")" = labs -->

                ```bash fails
                false
                ```

                ```bash local
                exit 3
                ```
                """);
        Run good = runner(path, script, "01");
        assertThat(good.exit()).as(good.out() + good.err()).isZero();
        assertThat(good.out()).contains("(holds)").contains("(exited 1, as the lab says)").contains("(skipped: local mode")
                .contains("lab passed: labs/01-good.md");
        // What the lab left running (a background job, a watch) was stopped when it ended.
        for (String pid : List.of("background.pid", "watch.pid")) {
            String process = Files.readString(dir.resolve(pid)).trim();
            Thread.sleep(500);
            Path stat = Path.of("/proc", process, "stat");
            // Gone, or a zombie nobody has reaped yet (state Z): not running either way.
            if (Files.exists(stat)) {
                String state = Files.readString(stat).replaceFirst(".*\\) ", "").substring(0, 1);
                assertThat(state).as(pid + " " + process + " still runs").isEqualTo("Z");
            }
        }

        Files.writeString(labs.resolve("02-check.md"), "```bash\nx=2\n```\n\n<!-- check: test \"$x\" = 1 -->\n");
        Run check = runner(path, script, "02");
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err()).contains("FAILED: labs/02-check.md:5: this check does not hold:");

        Files.writeString(labs.resolve("03-fails.md"), "```bash fails\ntrue\n```\n");
        Run fails = runner(path, script, "03");
        assertThat(fails.exit()).isEqualTo(1);
        assertThat(fails.err()).contains("FAILED: labs/03-fails.md:1: the lab says this fails (a non-zero exit), it exited 0");

        Files.writeString(labs.resolve("04-step.md"), "```bash\ntrue\nfalse\necho never\n```\n");
        Run step = runner(path, script, "04");
        assertThat(step.exit()).isEqualTo(1);
        assertThat(step.err()).contains("FAILED: labs/04-step.md:1: `false` exited 1");
        assertThat(step.out()).doesNotContainPattern("(?m)^never$");

        Files.writeString(labs.resolve("05-endless.md"), "```bash\nsleep 300\n```\n");
        Run endless = runner(path, script, "--timeout", "2", "05");
        assertThat(endless.exit()).isEqualTo(1);
        assertThat(endless.err()).contains("labs/05-endless.md took longer than 2s and was stopped");
    }

    @Test
    void theRunnerRunsTheLocalPartAloneWithLocalModeDetachedAndStoppedAtTheEnd(@TempDir Path dir) throws Exception {
        Path labs = Files.createDirectories(dir.resolve("labs"));
        Path script = Files.copy(ROOT.resolve("labs/run.sh"), labs.resolve("run.sh"));
        // A stand-in ./rollout-lab that notes how it was called, and with which state directory.
        Path cli = Files.writeString(dir.resolve("rollout-lab"), "#!/bin/sh\necho \"$* state=$ROLLOUT_LAB_STATE_DIR\" >> \"$(dirname \"$0\")/calls.log\"\n");
        assertThat(cli.toFile().setExecutable(true)).isTrue();
        // No kubectl or helm on this PATH: --local needs no cluster. unshare and ip where they are.
        String path = "/usr/bin:/bin:/usr/sbin:/sbin";
        Files.writeString(labs.resolve("03-both.md"), """
                # A lab with a local part and a cluster part

                ```bash local
                ./rollout-lab up
                cd labs
                y=1
                ```

                ```bash local watch
                sh -c 'echo $$ > ../local-watch.pid; exec sleep 302'
                ```

                <!-- check: test "$y" = 1 && test -n "$ROLLOUT_LAB_STATE_DIR" -->

                ```bash local fails
                timeout 10 sh -c 'until test -s ../local-watch.pid; do sleep 0.1; done'
                false
                ```

                ```bash
                exit 3
                ```

                <!-- check: false -->

                ```bash watch
                exit 4
                ```
                """);
        Run dryRun = runner(path, script, "--local", "--dry-run", "03");
        assertThat(dryRun.out().lines().map(l -> l.split("\t")[0] + " " + l.split("\t")[1]).toList()).containsExactly(
                "labs/03-both.md:3 local", "labs/03-both.md:9 local watch", "labs/03-both.md:13 local check",
                "labs/03-both.md:15 local fails");
        Run local = runner(path, script, "--local", "03");
        if (local.exit() == 2 && local.err().contains("is taken")) {
            org.junit.jupiter.api.Assumptions.abort("no network namespace here, and local mode's ports are taken: " + local.err());
        }
        assertThat(local.exit()).as(local.out() + local.err()).isZero();
        assertThat(local.out()).contains("(holds)").contains("(exited 1, as the lab says)")
                .contains("(skipped: the cluster part, not local mode)").contains("lab passed: labs/03-both.md (local mode)")
                .contains("./rollout-lab up runs with --detach");
        // `up` detached, then `down` when the lab ended, both with the lab's own state directory.
        List<String> calls = Files.readAllLines(dir.resolve("calls.log"));
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).startsWith("up --detach state=/").contains("/state-03-both");
        assertThat(calls.get(1)).startsWith("down --timeout 10s state=" + calls.get(0).replaceFirst(".*state=", ""));
        // The block for another terminal was stopped when the lab ended.
        String process = Files.readString(dir.resolve("local-watch.pid")).trim();
        Thread.sleep(500);
        Path stat = Path.of("/proc", process, "stat");
        if (Files.exists(stat)) {
            assertThat(Files.readString(stat).replaceFirst(".*\\) ", "").substring(0, 1)).as("local watch " + process + " still runs").isEqualTo("Z");
        }

        // Where no network namespace can be made (here: an unshare that fails), the machine's ports.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path unshare = Files.writeString(bin.resolve("unshare"), "#!/bin/sh\nexit 1\n");
        assertThat(unshare.toFile().setExecutable(true)).isTrue();
        Run hostPorts = runner(bin + ":" + path, script, "--local", "03");
        if (hostPorts.exit() == 2 && hostPorts.err().contains("is taken")) {
            assertThat(hostPorts.err()).contains("no network namespace of its own is possible here");
        } else {
            assertThat(hostPorts.exit()).as(hostPorts.out() + hostPorts.err()).isZero();
            assertThat(hostPorts.out()).contains("local mode runs on this machine's ports").contains("lab passed: labs/03-both.md (local mode)");
        }

        Files.writeString(labs.resolve("04-cluster.md"), "```bash\nkubectl get pods\n```\n");
        Run noLocalPart = runner(path, script, "--local", "04");
        assertThat(noLocalPart.exit()).isEqualTo(2);
        assertThat(noLocalPart.err()).contains("labs/04-cluster.md has no local-mode part");

        Files.writeString(labs.resolve("05-check.md"), "```bash local\ny=2\n```\n\n<!-- check: test \"$y\" = 1 -->\n");
        Run check = runner(path, script, "--local", "05");
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err()).contains("FAILED: labs/05-check.md:5: this check does not hold:");
    }
}
