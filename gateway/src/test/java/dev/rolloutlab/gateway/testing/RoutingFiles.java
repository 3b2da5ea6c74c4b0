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
        write(yaml);
        await().atMost(Duration.ofSeconds(10)).until(() -> yaml.equals(currentYaml()));
    }

    public static void write(String yaml) throws IOException {
        Path temp = Files.createTempFile(FILE.toAbsolutePath().getParent(), "routing", ".tmp");
        Files.writeString(temp, yaml);
        Files.move(temp, FILE, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String currentYaml() {
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
}
