package dev.rolloutlab.gateway.testing;

import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Writes the test profile's routing file and waits until the gateway serves it. */
public final class RoutingFiles {

    public static final Path FILE = Path.of("target/routing.yaml");

    private RoutingFiles() {
    }

    /** Writes {@code yaml} and waits until it is the config in effect. */
    public static void apply(String yaml) throws IOException {
        apply(FILE, yaml);
    }

    /** Writes {@code yaml} to {@code file} (a test profile's own routing file) and waits until it is in effect. */
    public static void apply(Path file, String yaml) throws IOException {
        write(file, yaml);
        await().atMost(Duration.ofSeconds(10)).until(() -> yaml.equals(currentYaml()));
    }

    public static void write(String yaml) throws IOException {
        write(FILE, yaml);
    }

    /** Writes raw bytes (a file that is not UTF-8, say) as the CLI writes: a temp file renamed over it. */
    public static void write(byte[] file) throws IOException {
        write(FILE, file);
    }

    private static void write(Path file, String yaml) throws IOException {
        write(file, yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "routing", ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The config text the gateway serves now. */
    public static String currentYaml() {
        return RestAssured.get("/gateway/status/yaml").asString();
    }

    /** One group, "sample", of the given base URLs. */
    public static String rolling(String... urls) {
        return """
                strategy: rolling
                groups: {sample: [%s]}
                rolling: {group: sample}
                """.formatted(String.join(", ", urls));
    }

    public static String canary(TestUpstream stable, TestUpstream canary, int weight) {
        return """
                strategy: canary
                groups:
                  v1: [%s]
                  v2: [%s]
                canary: {stable: v1, canary: v2, weight: %d}
                """.formatted(stable.url(), canary.url(), weight);
    }

    /**
     * A canary rolled out progressively: {@code steps} and {@code analysis} are the YAML flow
     * values of {@code canary.progressive.steps} and {@code .analysis}; {@code extra} more lines
     * of the progressive block (e.g. {@code probe: {rate: 20}}), or "".
     */
    public static String progressiveCanary(TestUpstream stable, TestUpstream canary, String revision, String steps,
            String analysis, String extra) {
        return """
                strategy: canary
                groups:
                  v1: [%s]
                  v2: [%s]
                canary:
                  stable: v1
                  canary: v2
                  progressive:
                    revision: "%s"
                    steps: %s
                    analysis: %s
                %s""".formatted(stable.url(), canary.url(), revision, steps, analysis,
                extra.isEmpty() ? "" : "    " + extra + "\n");
    }

    /**
     * Blue/green with blue = {@code active}, green = {@code preview}, switched progressively;
     * {@code autoPromotion} null: waits for promote.
     */
    public static String progressiveBlueGreen(TestUpstream active, TestUpstream preview, String revision,
            String prePromotion, String autoPromotion, String postPromotion, String analysis, String probe) {
        return """
                strategy: bluegreen
                groups:
                  blue: [%s]
                  green: [%s]
                bluegreen:
                  active: blue
                  preview: green
                  progressive:
                    revision: "%s"
                    prePromotion: %s
                %s    postPromotion: %s
                    analysis: %s
                    probe: %s
                """.formatted(active.url(), preview.url(), revision, prePromotion,
                autoPromotion == null ? "" : "    autoPromotion: " + autoPromotion + "\n", postPromotion, analysis, probe);
    }
}
