package dev.rolloutlab.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.rolloutlab.manifests.Manifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything the project ships that runs as pods: the chart rendered for each scenario values
 * file and with the hostPath volumes on, the generated manifests (k8s/*.yml) and the lab
 * manifests (k8s/labs/*.yaml).
 */
final class Shipped {

    static final String RELEASE = "rl";

    /** One file or one render, with its documents. */
    record Source(String name, List<JsonNode> documents) {
    }

    private Shipped() {
    }

    static Path chartDir() {
        return Host.home().resolve("helm/rollout-lab");
    }

    private static Path withHooks;

    /**
     * A copy of the chart whose hooks (the helm test pod) are plain objects: helm-java's template
     * leaves hooks out of its output, `helm template` does not.
     */
    static synchronized Path chartWithHooks() {
        if (withHooks == null) {
            try {
                Path copy = Temp.dir("rollout-lab-chart-").resolve("rollout-lab");
                try (Stream<Path> files = Files.walk(chartDir())) {
                    for (Path source : files.sorted().toList()) {
                        Path target = copy.resolve(chartDir().relativize(source).toString());
                        if (Files.isDirectory(source)) {
                            Files.createDirectories(target);
                        } else if (source.toString().endsWith(".yaml") && source.startsWith(chartDir().resolve("templates"))) {
                            Files.writeString(target, Files.readString(source).replace("helm.sh/hook:", "rendered-for-test/hook:"));
                        } else {
                            Files.copy(source, target);
                        }
                    }
                }
                withHooks = copy;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the chart", e);
            }
        }
        return withHooks;
    }

    /** `helm template rl helm/rollout-lab -f values -set k=v ...` (no values file: the defaults), hooks included. */
    static Source chart(String valuesFile, Map<String, String> sets) {
        Path chart = chartWithHooks();
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace("lab");
        if (valuesFile != null) {
            template.withValuesFile(chart.resolve(valuesFile));
        }
        sets.forEach(template::set);
        String name = "chart" + (valuesFile == null ? "" : " -f " + valuesFile)
                + (sets.isEmpty() ? "" : " --set " + String.join(",", sets.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        return new Source(name, Manifests.parse(template.call()));
    }

    /** The chart with the node-local hostPath volume on: where the chown-volumes init container belongs. */
    static Source chartWithHostPath() {
        return chart(null, Map.of("volumes.hostPath.enabled", "true"));
    }

    /** Also the chart-made static hostPath PV for the claim, so the init container covers /mnt/data. */
    static Source chartWithHostPathAndStaticVolume() {
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("volumes.hostPath.enabled", "true");
        sets.put("volumes.persistence.provisioning", "static");
        sets.put("volumes.persistence.static.source", "hostPath");
        sets.put("volumes.persistence.static.nodeName", "rollout-lab-worker");
        return chart(null, sets);
    }

    static List<Source> all() {
        List<Source> sources = new ArrayList<>();
        for (Path values : list(chartDir(), "values-", ".yaml")) {
            sources.add(chart(values.getFileName().toString(), Map.of()));
        }
        sources.add(chartWithHostPath());
        sources.add(chartWithHostPathAndStaticVolume());
        Path k8s = Host.home().resolve("k8s");
        for (Path file : list(k8s, "", ".yml")) {
            sources.add(new Source(Host.home().relativize(file).toString(), Manifests.read(file)));
        }
        for (Path file : list(k8s.resolve("labs"), "", ".yaml")) {
            sources.add(new Source(Host.home().relativize(file).toString(), Manifests.read(file)));
        }
        return sources;
    }

    private static List<Path> list(Path dir, String prefix, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(suffix))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
