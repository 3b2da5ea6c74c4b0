package dev.rolloutlab.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.rolloutlab.manifests.Manifests;
import dev.rolloutlab.manifests.PodTemplate;
import dev.rolloutlab.manifests.StrictSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks the commands documented in Markdown files against the repository, without a cluster:
 * <ul>
 *   <li>{@code helm install|upgrade|template} renders the chart with the same values files and
 *       {@code --set} pairs (an upgrade with {@code --reuse-values} starts from the file's last
 *       install, as Helm does from the release), and every rendered object is strictly valid;</li>
 *   <li>{@code kubectl apply|create|delete -f <path>} names a file of the repository whose documents
 *       are strictly valid;</li>
 *   <li>{@code ./rollout-lab ...} has a known command name and argument shape; each is also collected;</li>
 *   <li>{@code cluster/kind-up.sh <scenario>} names a scenario with a values file, and counts as its install.</li>
 * </ul>
 * And the flow of a lab as a cluster would see it, read in order (the labs {@code labs/NN-*.md} one after
 * the other, carrying what is installed and running from one lab into the next; any other file on its own):
 * <ul>
 *   <li>a {@code kubectl port-forward} needs a wait ({@code helm ... --wait}, {@code kubectl rollout status},
 *       {@code kubectl wait}) after the last install, upgrade, apply or pod change: kubectl refuses a pod that
 *       does not run yet;</li>
 *   <li>{@code helm install} of a release that is still installed (by {@code cluster/kind-up.sh} or an earlier
 *       command) fails; so does an install right after {@code helm uninstall} without {@code --wait} (its claim
 *       is still terminating);</li>
 *   <li>a {@code kubectl port-forward} on a port local mode holds ({@code ./rollout-lab up} until
 *       {@code ./rollout-lab down}) binds only [::1] and the load tool measures the local gateway;</li>
 *   <li>a {@code kubectl drain} without {@code --timeout} can retry forever behind a PodDisruptionBudget;</li>
 *   <li>a {@code ./rollout-lab load ... &} needs a later {@code wait}: its exit status is the lab's "no request failed";</li>
 *   <li>a command that never ends by itself (a port-forward, {@code -w}, {@code ./rollout-lab up}) in a plain
 *       {@code ```bash} block must end with {@code &}, or sit in a {@code ```bash watch} or {@code local} block:
 *       labs/run.sh would wait for it forever;</li>
 *   <li>a {@code kubectl port-forward} to a pod (directly, or through its Deployment or Service) whose manifest, as
 *       applied or installed earlier, has no readiness probe: "Ready" then does not mean "listening", the first
 *       forwarded connection is refused, and kubectl 1.23+ ends the whole port-forward;</li>
 *   <li>a check of {@code readyReplicas} right after {@code kubectl drain} or {@code uncordon} with no
 *       {@code kubectl rollout status} (or {@code kubectl wait}) between: drain returns once the evicted pods are
 *       deleted, not once their replacements are ready;</li>
 *   <li>a bash block (of any kind) or hidden check that tears the cluster down ({@code cluster/kind-down.sh},
 *       {@code kind delete cluster}, {@code minikube delete}): labs/run.sh would delete the cluster the labs run on;</li>
 *   <li>a kind node name typed into a command ({@code rollout-lab-worker}, {@code rollout-lab-control-plane}): read it
 *       from the cluster ({@code kubectl get nodes -l ...}), so the lab runs on minikube and kubeadm clusters too;</li>
 *   <li>a fixed {@code sleep} right before {@code kubectl logs}: poll with a timeout until the line is there;</li>
 *   <li>a redirection into a directory under {@code ~/} that no earlier {@code mkdir -p} made.</li>
 * </ul>
 * On any file, lab or not: a resource name with {@code -A}/{@code --all-namespaces} (kubectl refuses it: "a resource
 * cannot be retrieved by name across all namespaces"; use {@code --field-selector metadata.name=NAME}).
 * Hidden checks ({@code <!-- check: ... -->}) are read as commands of kind {@code check}, in their place.
 * Every problem reads {@code file:line: command: reason}.
 */
final class LabsCheck {

    private static final Set<String> HELM_OTHER = Set.of("test", "uninstall", "status", "history", "rollback", "list", "get", "lint", "repo");
    private static final Set<String> HELM_FLAGS_WITHOUT_VALUE = Set.of("--reuse-values", "--reset-values", "--install", "--wait",
            "--atomic", "--debug", "--dry-run", "--create-namespace");
    private static final Set<String> HELM_FLAGS_IGNORED_WITH_VALUE = Set.of("--timeout");
    private static final Set<String> KUBECTL_FILE_VERBS = Set.of("apply", "create", "delete", "replace", "diff");

    private final Path root;
    private final Path chart;
    private final List<String> problems = new ArrayList<>();
    private final List<LabCommands.Command> localMode = new ArrayList<>();
    private int helmRenders;
    private int manifestFiles;

    /** What the release looks like after the file's last install and reuse-values upgrades. */
    private Release release;
    private Path cwd;

    private record Release(List<Path> valuesFiles, Map<String, String> sets) {
    }

    // The flow: what the cluster and this machine hold at this point of the labs.
    /** Installed releases (namespace/name) and where each was installed; a value starting with "deleting" is being uninstalled. */
    private final Map<String, String> installed = new LinkedHashMap<>();
    /** Where the last change without a wait happened since the last wait, or null when waited. */
    private String unwaitedChange;
    /** Where local mode was started and the ports it holds, or null when it is stopped. */
    private String localModeUp;
    private int localFirstPort;
    private int localLastPort;
    private Path lastLab;
    private boolean flowRules = true;
    /** A load started with & and not waited for yet. */
    private LabCommands.Command unwaitedLoad;
    /** The objects the cluster holds, by where they came from ("release NS/NAME" or "file PATH"). */
    private final Map<String, List<Applied>> applied = new LinkedHashMap<>();
    /** Where the last drain or uncordon happened with no rollout status since, or null. */
    private String drainedAt;
    /** The command before this one, when it was a plain {@code sleep}. */
    private LabCommands.Command sleeping;
    /** Directories made with {@code mkdir -p} so far. */
    private final Set<String> madeDirectories = new java.util.HashSet<>();
    /** The command before this one (a pipeline's earlier part, when on the same line). */
    private LabCommands.Command previous;

    /** One object in the cluster: its namespace (for namespaced kinds), the object, and where it came from. */
    private record Applied(String namespace, JsonNode object, String source) {
    }

    LabsCheck(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.chart = this.root.resolve("helm/rollout-lab");
    }

    /** The commands of a file that is no lab (a README showing alternatives side by side): no flow rules. */
    LabsCheck checkCommandsOnly(Path markdown) {
        flowRules = false;
        try {
            return check(markdown);
        } finally {
            flowRules = true;
        }
    }

    LabsCheck check(Path markdown) {
        release = null;
        cwd = root;
        Path name = markdown.getFileName();
        boolean lab = name.toString().matches("\\d\\d-.*\\.md");
        if (!lab || lastLab == null || !lastLab.getParent().equals(markdown.getParent())) {
            installed.clear();
            applied.clear();
            madeDirectories.clear();
            unwaitedChange = null;
            localModeUp = null;
            drainedAt = null;
        }
        sleeping = null;
        previous = null;
        lastLab = lab ? markdown : null;
        for (LabCommands.Command command : LabCommands.read(markdown)) {
            check(command);
        }
        if (flowRules && unwaitedLoad != null) {
            fail(unwaitedLoad, "a load in the background nobody waits for: its exit status (--max-error-rate) is lost; add `wait $load`");
        }
        unwaitedLoad = null;
        return this;
    }

    List<String> problems() {
        return problems;
    }

    List<LabCommands.Command> localModeCommands() {
        return localMode;
    }

    int helmRenders() {
        return helmRenders;
    }

    int manifestFiles() {
        return manifestFiles;
    }

    /** How many pod specs a port-forward target reaches among the objects applied or installed so far (for tests). */
    int podsReached(String namespace, String target) {
        return podsOf(namespace, target).size();
    }

    private void check(LabCommands.Command command) {
        List<String> words = command.words();
        String first = command.first();
        try {
            if (flowRules) {
                flow(command);
            }
            switch (first) {
                case "helm" -> helm(command);
                case "kubectl" -> kubectl(command);
                case "./rollout-lab" -> {
                    localMode.add(command);
                    LocalModeCommand.problem(withoutRedirections(words.subList(1, words.size()))).ifPresent(p -> fail(command, p));
                }
                case "cd" -> cwd = words.size() < 2 || words.get(1).equals("-") ? root : cwd.resolve(words.get(1)).normalize();
                default -> {
                    if (first.endsWith(".sh") || first.startsWith("./")) {
                        script(command);
                    }
                }
            }
        } catch (RuntimeException e) {
            fail(command, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        previous = command;
    }

    private void script(LabCommands.Command command) {
        Path script = cwd.resolve(command.first()).normalize();
        if (!Files.isRegularFile(script)) {
            fail(command, "no such script " + root.relativize(script));
            return;
        }
        if (root.relativize(script).toString().equals("cluster/kind-up.sh")) {
            String scenario = command.words().size() > 1 ? command.words().get(1) : "canary";
            Path values = chart.resolve("values-" + scenario + ".yaml");
            if (!Files.isRegularFile(values)) {
                fail(command, "no scenario '" + scenario + "' (" + root.relativize(values) + " is missing)");
                return;
            }
            release = new Release(List.of(values), new LinkedHashMap<>());
        }
    }

    private void helm(LabCommands.Command command) {
        List<String> words = command.words();
        String verb = words.size() > 1 ? words.get(1) : "";
        if (HELM_OTHER.contains(verb)) {
            if (verb.equals("uninstall")) {
                release = null;
            }
            return;
        }
        if (!Set.of("install", "upgrade", "template").contains(verb)) {
            fail(command, "unknown helm command '" + verb + "'");
            return;
        }
        List<String> positional = new ArrayList<>();
        List<Path> valuesFiles = new ArrayList<>();
        Map<String, String> sets = new LinkedHashMap<>();
        String namespace = "default";
        boolean reuse = false;
        for (int i = 2; i < words.size(); i++) {
            String word = words.get(i);
            String flag = word.contains("=") && word.startsWith("--") ? word.substring(0, word.indexOf('=')) : word;
            String inline = flag.equals(word) ? null : word.substring(flag.length() + 1);
            if (HELM_FLAGS_WITHOUT_VALUE.contains(flag)) {
                reuse |= flag.equals("--reuse-values");
                continue;
            }
            if (!flag.startsWith("-")) {
                positional.add(word);
                continue;
            }
            String value = inline != null ? inline : i + 1 < words.size() ? words.get(++i) : null;
            if (value == null) {
                fail(command, flag + " needs a value");
                return;
            }
            switch (flag) {
                case "-f", "--values" -> {
                    Path file = cwd.resolve(value).normalize();
                    if (!Files.isRegularFile(file)) {
                        fail(command, "no values file " + value);
                        return;
                    }
                    valuesFiles.add(file);
                }
                case "--set" -> {
                    for (String pair : value.split(",(?=[^,=]+=)")) {
                        int eq = pair.indexOf('=');
                        if (eq <= 0) {
                            fail(command, "--set '" + pair + "' is not key=value");
                            return;
                        }
                        sets.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
                case "-n", "--namespace" -> namespace = value;
                default -> {
                    if (!HELM_FLAGS_IGNORED_WITH_VALUE.contains(flag)) {
                        fail(command, "flag " + flag + " is not understood by this check");
                        return;
                    }
                }
            }
        }
        if (positional.size() != 2) {
            fail(command, "expected a release name and a chart path, got " + positional);
            return;
        }
        Path chartPath = cwd.resolve(positional.get(1)).normalize();
        if (!chartPath.equals(chart)) {
            fail(command, "chart path " + positional.get(1) + " is not helm/rollout-lab");
            return;
        }
        Release effective;
        if (reuse) {
            if (release == null) {
                fail(command, "--reuse-values without a preceding helm install (or cluster/kind-up.sh) in this file");
                return;
            }
            Map<String, String> merged = new LinkedHashMap<>(release.sets());
            merged.putAll(sets);
            List<Path> files = new ArrayList<>(release.valuesFiles());
            files.addAll(valuesFiles);
            effective = new Release(files, merged);
        } else {
            effective = new Release(valuesFiles, sets);
        }
        // A failed upgrade leaves the release as it was, as Helm does.
        List<JsonNode> objects = render(command, positional.get(0), namespace, effective);
        if (objects != null && !verb.equals("template")) {
            release = effective;
            String source = "release " + namespace + "/" + positional.get(0);
            String ns = namespace;
            applied.put(source, objects.stream().map(o -> new Applied(o.path("metadata").path("namespace").asText(ns), o, source)).toList());
        }
    }

    /** The rendered objects, or null when Helm refuses the values. */
    private List<JsonNode> render(LabCommands.Command command, String name, String namespace, Release what) {
        TemplateCommand template = new Helm(chart).template().withName(name).withNamespace(namespace);
        what.valuesFiles().forEach(template::withValuesFile);
        what.sets().forEach(template::set);
        String yaml;
        try {
            yaml = template.call();
        } catch (RuntimeException e) {
            fail(command, "helm cannot render it: " + e.getMessage().strip());
            return null;
        }
        helmRenders++;
        List<JsonNode> objects = Manifests.parse(yaml);
        List<String> invalid = StrictSchema.problems(objects);
        if (!invalid.isEmpty()) {
            fail(command, "renders invalid objects: " + invalid);
        }
        return objects;
    }

    private void kubectl(LabCommands.Command command) {
        List<String> words = command.words();
        List<String> args = kubectlArgs(words);
        Optional<String> verb = args.stream().findFirst();
        boolean allNamespaces = words.contains("-A") || words.contains("--all-namespaces") || words.contains("--all-namespaces=true");
        if (allNamespaces && args.size() > 1 && (args.size() > 2 || args.get(1).contains("/"))) {
            fail(command, "a resource name with -A: kubectl refuses it (\"a resource cannot be retrieved by name across all namespaces\");"
                    + " use --field-selector metadata.name=NAME");
        }
        if (verb.isEmpty() || !KUBECTL_FILE_VERBS.contains(verb.get())) {
            return;
        }
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            String file = null;
            if ((word.equals("-f") || word.equals("--filename")) && i + 1 < words.size()) {
                file = words.get(++i);
            } else if (word.startsWith("--filename=")) {
                file = word.substring("--filename=".length());
            }
            if (file != null) {
                manifest(command, verb.get(), file);
            }
        }
    }

    private void manifest(LabCommands.Command command, String verb, String name) {
        if (name.equals("-")) {
            // stdin: what the command before the pipe printed; `sed ... FILE | kubectl apply -f -` applies (an edit of) FILE
            if (previous != null && previous.line() == command.line() && previous.file().equals(command.file())
                    && Set.of("sed", "cat").contains(previous.first())) {
                previous.words().stream().skip(1).filter(w -> w.matches("[^-].*\\.ya?ml")).reduce((a, b) -> b)
                        .ifPresent(file -> manifest(command, verb, file));
            }
            return;
        }
        if (name.matches("[a-z]+://.*")) {
            fail(command, name + " is not a file of this repository");
            return;
        }
        Path path = cwd.resolve(name).normalize();
        if (!path.startsWith(root) || !Files.exists(path)) {
            fail(command, "no such file " + name);
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.isDirectory(path) ? Files.list(path) : Stream.of(path)) {
            files = list.filter(p -> p.toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String namespace = flagValue(command.words(), "-n", "--namespace").orElse("default");
        for (Path file : files) {
            manifestFiles++;
            List<JsonNode> documents = Manifests.read(file);
            if (documents.isEmpty()) {
                fail(command, root.relativize(file) + " holds no object");
            }
            StrictSchema.problems(documents).forEach(p -> fail(command, root.relativize(file) + ": " + p));
            String source = "file " + root.relativize(file);
            if (verb.equals("delete")) {
                applied.remove(source);
            } else {
                applied.put(source, documents.stream()
                        .map(d -> new Applied(d.path("metadata").path("namespace").asText(namespace), d, source)).toList());
            }
        }
    }

    private static Optional<String> flagValue(List<String> words, String shortFlag, String longFlag) {
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            if ((word.equals(shortFlag) || word.equals(longFlag)) && i + 1 < words.size()) {
                return Optional.of(words.get(i + 1));
            }
            if (word.startsWith(longFlag + "=")) {
                return Optional.of(word.substring(longFlag.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static final java.util.regex.Pattern KIND_NODE = java.util.regex.Pattern.compile("\\brollout-lab-(worker\\d*|control-plane)\\b");

    /**
     * The pod specs a {@code kubectl port-forward} target reaches ({@code pod/NAME}, {@code NAME}, {@code deploy/NAME},
     * {@code svc/NAME}, ...), each with where it came from; empty when no applied or installed manifest has it.
     */
    private List<Applied> podsOf(String namespace, String target) {
        int slash = target.indexOf('/');
        String type = slash > 0 ? target.substring(0, slash).toLowerCase(java.util.Locale.ROOT) : "pod";
        String name = target.substring(slash + 1);
        String kind = switch (type) {
            case "pod", "pods", "po" -> "Pod";
            case "deploy", "deployment", "deployments" -> "Deployment";
            case "rs", "replicaset", "replicasets" -> "ReplicaSet";
            case "rc", "replicationcontroller", "replicationcontrollers" -> "ReplicationController";
            case "sts", "statefulset", "statefulsets" -> "StatefulSet";
            case "svc", "service", "services" -> "Service";
            default -> "";
        };
        List<Applied> inNamespace = applied.values().stream().flatMap(List::stream).filter(a -> a.namespace().equals(namespace)).toList();
        List<Applied> pods = new ArrayList<>();
        for (Applied object : inNamespace) {
            if (!kind.equals(object.object().path("kind").asText()) || !name.equals(object.object().path("metadata").path("name").asText())) {
                continue;
            }
            if (kind.equals("Service")) {
                Map<String, String> selector = new LinkedHashMap<>();
                object.object().path("spec").path("selector").fields().forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
                for (Applied candidate : inNamespace) {
                    for (PodTemplate pod : PodTemplate.all(List.of(candidate.object()))) {
                        if (!selector.isEmpty() && pod.labels().entrySet().containsAll(selector.entrySet())) {
                            pods.add(new Applied(namespace, pod.spec(), candidate.source()));
                        }
                    }
                }
            } else {
                PodTemplate.all(List.of(object.object())).forEach(pod -> pods.add(new Applied(namespace, pod.spec(), object.source())));
            }
        }
        return pods;
    }

    private static final Set<String> KUBECTL_CHANGES = Set.of("apply", "create", "replace", "set", "scale", "patch", "run");

    private void flow(LabCommands.Command command) {
        List<String> words = command.words();
        String first = command.first();
        String where = where(command);
        boolean plain = command.kind().isEmpty() || command.kind().equals("fails");
        if (!LabCommands.KINDS.contains(command.kind()) && !command.kind().equals(LabCommands.CHECK)) {
            fail(command, "unknown block kind '" + command.kind() + "' (```bash, ```bash fails, ```bash watch, ```bash local, ```bash local fails, ```bash local watch)");
        }
        LabCommands.Command sleptBefore = sleeping;
        sleeping = first.equals("sleep") && !command.background() ? command : null;
        teardown(command);
        for (String word : words) {
            if (KIND_NODE.matcher(word).find() && !word.matches("s([/#|]).*\\1.*\\1g?")) {
                fail(command, "names kind's node " + KIND_NODE.matcher(word).results().findFirst().orElseThrow().group()
                        + ": read node names from the cluster (e.g. kubectl get nodes -l '!node-role.kubernetes.io/control-plane'"
                        + " -o jsonpath='{.items[0].metadata.name}'), so the lab runs on minikube and kubeadm clusters too");
                break;
            }
        }
        if (first.equals("mkdir")) {
            words.stream().skip(1).filter(w -> !w.startsWith("-")).forEach(d -> madeDirectories.add(d.replaceAll("/+$", "")));
        }
        for (int i = 0; i + 1 < words.size(); i++) {
            if (Set.of(">", ">>").contains(words.get(i)) && words.get(i + 1).matches("~/.+/[^/]+")) {
                String target = words.get(i + 1);
                String directory = target.substring(0, target.lastIndexOf('/'));
                if (!madeDirectories.contains(directory)) {
                    fail(command, "writes into " + directory + ", which may not exist yet: run mkdir -p " + directory + " first");
                }
            }
        }
        if (words.stream().anyMatch(w -> w.contains("readyReplicas")) && drainedAt != null
                && !(first.equals("kubectl") && kubectlArgs(words).stream().findFirst().orElse("").equals("wait"))) {
            fail(command, "checks readyReplicas right after the drain/uncordon at " + drainedAt + ": drain returns once the evicted pods are"
                    + " deleted, not when their replacements are ready; run kubectl rollout status (or kubectl wait) first");
        }
        if (first.equals("wait")) {
            unwaitedLoad = null;
        }
        if (first.equals("./rollout-lab") && words.size() > 1 && words.get(1).equals("load") && command.background()) {
            if (unwaitedLoad != null) {
                fail(unwaitedLoad, "a load in the background nobody waits for: its exit status (--max-error-rate) is lost; add `wait $load`");
            }
            unwaitedLoad = command;
        }
        if (first.equals("helm") && words.size() > 1) {
            boolean wait = words.contains("--wait") || words.contains("--atomic");
            String namespace = "default";
            List<String> positional = new ArrayList<>();
            for (int i = 2; i < words.size(); i++) {
                String word = words.get(i);
                if (word.equals("-n") || word.equals("--namespace")) {
                    namespace = i + 1 < words.size() ? words.get(++i) : namespace;
                } else if (word.startsWith("--namespace=")) {
                    namespace = word.substring("--namespace=".length());
                } else if (word.startsWith("-")) {
                    if (!HELM_FLAGS_WITHOUT_VALUE.contains(word) && !word.contains("=") && i + 1 < words.size()) {
                        i++;
                    }
                } else {
                    positional.add(word);
                }
            }
            String verb = words.get(1);
            String key = positional.isEmpty() ? null : namespace + "/" + positional.get(0);
            boolean install = verb.equals("install") || verb.equals("upgrade") && words.contains("--install");
            if (key != null && install) {
                String before = installed.get(key);
                if (before != null && before.startsWith("deleting")) {
                    fail(command, "release " + positional.get(0) + " is still being deleted: `helm uninstall` at " + before.substring(9)
                            + " has no --wait (its claim is still terminating); use `helm uninstall " + positional.get(0) + " --wait`");
                } else if (before != null && verb.equals("install")) {
                    fail(command, "release " + positional.get(0) + " is still installed (" + before
                            + "): helm install fails with \"cannot re-use a name that is still in use\"; use helm upgrade --install");
                }
            }
            if (key != null && (install || verb.equals("upgrade"))) {
                installed.put(key, where);
                unwaitedChange = wait ? null : where;
            }
            if (key != null && verb.equals("uninstall")) {
                installed.put(key, "deleting " + where);
                if (wait) {
                    installed.remove(key);
                }
            }
            return;
        }
        if (first.equals("kubectl")) {
            List<String> args = kubectlArgs(words);
            String verb = args.isEmpty() ? "" : args.get(0);
            String object = args.size() > 1 ? args.get(1) : "";
            if (KUBECTL_CHANGES.contains(verb) || verb.equals("rollout") && Set.of("restart", "undo").contains(object)
                    || verb.equals("delete") && (object.startsWith("pod") || object.startsWith("po/"))) {
                unwaitedChange = where;
            }
            if (verb.equals("wait") || verb.equals("rollout") && object.equals("status")) {
                unwaitedChange = null;
                drainedAt = null;
            }
            if (verb.equals("drain") || verb.equals("uncordon")) {
                drainedAt = where;
            }
            if (verb.equals("logs") && sleptBefore != null) {
                fail(command, "reads a log after a fixed `" + sleptBefore + "`: too short on a slow cluster, too long on a fast one;"
                        + " poll with a timeout instead (timeout 60 bash -c 'until kubectl logs ... | grep -q ...; do sleep 2; done')");
            }
            if (verb.equals("port-forward") && args.size() > 1) {
                String namespace = flagValue(words, "-n", "--namespace").orElse("default");
                for (Applied pod : podsOf(namespace, args.get(1))) {
                    boolean probed = false;
                    for (JsonNode container : pod.object().path("containers")) {
                        probed |= container.has("readinessProbe");
                    }
                    if (!probed) {
                        fail(command, "port-forward to " + args.get(1) + ", whose pods (" + pod.source() + ") have no readiness probe:"
                                + " Ready does not mean listening, the first forwarded connection is refused and kubectl ends the"
                                + " port-forward (\"lost connection to pod\"); give the container a readinessProbe");
                        break;
                    }
                }
            }
            if (verb.equals("port-forward")) {
                if (unwaitedChange != null) {
                    fail(command, "port-forward before the pods run: nothing waits after the change at " + unwaitedChange
                            + " (add --wait to helm, or kubectl rollout status / kubectl wait --for=condition=Ready)");
                }
                if (localModeUp != null) {
                    for (int port : localPorts(words)) {
                        if (port >= localFirstPort && port <= localLastPort) {
                            fail(command, "local port " + port + " is held by local mode (`./rollout-lab up` at " + localModeUp
                                    + "): kubectl binds only [::1] and the load tool measures the local gateway; run ./rollout-lab down first");
                        }
                    }
                }
            }
            if (verb.equals("drain") && words.stream().noneMatch(w -> w.equals("--timeout") || w.startsWith("--timeout="))) {
                fail(command, "drain without --timeout: behind a PodDisruptionBudget it retries forever; add --timeout 120s");
            }
            boolean endless = verb.equals("port-forward") || words.contains("-w") || words.contains("--watch")
                    || (verb.equals("logs") && (words.contains("-f") || words.contains("--follow")));
            if (endless && plain && !command.background()) {
                fail(command, "never ends by itself: end it with & or put it in a ```bash watch block (labs/run.sh would wait forever)");
            }
            return;
        }
        if (first.equals("./rollout-lab") && words.size() > 1) {
            if (words.get(1).equals("up")) {
                int port = 8080;
                int at = words.indexOf("--port");
                if (at > 0 && at + 1 < words.size()) {
                    port = Integer.parseInt(words.get(at + 1));
                }
                localModeUp = where;
                localFirstPort = port;
                localLastPort = port + 4;
                if (plain && !command.background()) {
                    fail(command, "never ends by itself: put local mode in a ```bash local block (labs/run.sh would wait forever)");
                }
            } else if (words.get(1).equals("down")) {
                localModeUp = null;
            } else if (words.get(1).equals("load") && !command.background() && !command.kind().endsWith("watch")
                    && loadSeconds(words) > LONGEST_FOREGROUND_LOAD_SECONDS) {
                fail(command, "a load for another terminal (longer than " + LONGEST_FOREGROUND_LOAD_SECONDS + " s) in the foreground: put it in a ```bash "
                        + (command.kind().startsWith("local") ? "local " : "") + "watch block (labs/run.sh would wait for it)");
            }
            return;
        }
        if (first.endsWith("kind-up.sh")) {
            installed.put("default/rl", where);
            unwaitedChange = null;
        }
    }

    /** A foreground load longer than this is one a learner runs in another terminal: the runner would wait for it. */
    static final int LONGEST_FOREGROUND_LOAD_SECONDS = 120;

    /** The seconds of {@code ./rollout-lab load --duration D} (500ms, 30s, 2m, 1h), 0 when it says none. */
    static long loadSeconds(List<String> words) {
        int at = words.indexOf("--duration");
        String value = at > 0 && at + 1 < words.size() ? words.get(at + 1)
                : words.stream().filter(w -> w.startsWith("--duration=")).map(w -> w.substring("--duration=".length())).findFirst().orElse("");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(value);
        if (!m.matches()) {
            return 0;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> n / 1000;
            case "s" -> n;
            case "m" -> n * 60;
            default -> n * 3600;
        };
    }

    /** A command's arguments without its redirections ({@code > /dev/null}, {@code 2>&1}, {@code >log}): the shell's, not the command's. */
    static List<String> withoutRedirections(List<String> args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.matches("\\d*(>>?|<|&>)")) {
                i++; // the operator alone: its target is the next word
            } else if (!arg.matches("\\d*(>>?|<|&>)\\S+")) {
                kept.add(arg);
            }
        }
        return kept;
    }

    /** A command that deletes the cluster the labs run on: in a lab, labs/run.sh would run it. */
    private void teardown(LabCommands.Command command) {
        List<String> words = command.words();
        String first = command.first();
        boolean teardown = first.endsWith("kind-down.sh") || first.endsWith("minikube-down.sh")
                || first.equals("kind") && words.size() > 2 && words.get(1).equals("delete") && words.get(2).startsWith("cluster")
                || first.equals("minikube") && words.contains("delete");
        if (teardown) {
            fail(command, "tears the cluster down in a runnable block: labs/run.sh would delete the cluster the labs run on;"
                    + " show it as text (```console) instead");
        }
    }

    private static final Set<String> KUBECTL_FLAGS_WITH_VALUE = Set.of("-n", "--namespace", "--context", "--kubeconfig", "-l",
            "--selector", "-o", "--output", "-c", "--container", "-f", "--filename", "--timeout", "--for", "-p", "--type",
            "--field-selector", "--address", "--replicas", "--image", "--from-literal", "--tail", "-L", "--label-columns");

    /** The words of a kubectl command that are not flags or flag values: the verb first. */
    static List<String> kubectlArgs(List<String> words) {
        List<String> args = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("-")) {
                if (KUBECTL_FLAGS_WITH_VALUE.contains(word)) {
                    i++;
                }
            } else {
                args.add(word);
            }
        }
        return args;
    }

    /** The local ports of {@code kubectl port-forward ... [LOCAL:]REMOTE ...}. */
    private static List<Integer> localPorts(List<String> words) {
        List<Integer> ports = new ArrayList<>();
        List<String> args = kubectlArgs(words); // port-forward, the target, then the ports
        for (String word : args.subList(Math.min(2, args.size()), args.size())) {
            if (word.matches("\\d+(:\\d+)?")) {
                ports.add(Integer.parseInt(word.split(":")[0]));
            }
        }
        return ports;
    }

    private String where(LabCommands.Command command) {
        return root.relativize(command.file().toAbsolutePath().normalize()) + ":" + command.line();
    }

    private void fail(LabCommands.Command command, String reason) {
        problems.add(root.relativize(command.file().toAbsolutePath().normalize()) + ":" + command.line() + ": `" + command
                + "`: " + reason);
    }
}
