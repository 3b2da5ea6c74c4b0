import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How long a routing change takes to reach the traffic, measured from outside the gateway
 * (bench/propagation.sh runs it; source-file mode, on the gateway's test classpath).
 *
 * <p>Starts the packaged gateway as its own process over two running samples, keeps a client
 * loop sending requests through it back to back, and flips the canary between weight 0 (every
 * answer from v1) and 100 (every answer from v2), so the first answer from the other version
 * marks the moment the new config serves. One change is timed from just before it is made to the
 * arrival of that first answer (so it includes one request's round trip, about a millisecond).
 *
 * <ul>
 * <li>{@code file}: the change is the routing file replaced as the CLI writes it (a temp file in
 *     the same directory moved over it atomically).
 * <li>{@code configmap}: the gateway watches a ConfigMap on fabric8's Kubernetes mock server (CRUD
 *     mode, as {@code @WithKubernetesTestServer(crud = true)} runs it; in this JVM; its routing file does not exist) and the change is one update (a PUT) of
 *     the ConfigMap through the API, timed from before the PUT is sent.
 * </ul>
 *
 * Prints one line per change to stderr and {@code MODE n median p90 max} (milliseconds) to stdout.
 *
 * <pre>java -cp CLASSPATH bench/PropagationBench.java file|configmap GATEWAY_APP WORK_DIR V1_PORT V2_PORT CHANGES [JVM options]</pre>
 */
public class PropagationBench {

    static final String NAMESPACE = "test";
    static final String CONFIG_MAP = "routing";
    static final int WARMUP_CHANGES = 4;

    interface Change {
        void to(int weight) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path app = Path.of(args[1]);
        Path work = Path.of(args[2]);
        String v1 = "http://127.0.0.1:" + args[3];
        String v2 = "http://127.0.0.1:" + args[4];
        int changes = Integer.parseInt(args[5]);
        String jvmOptions = args.length > 6 ? args[6] : "";
        int port = freePort();

        List<String> command = new ArrayList<>(List.of("java"));
        if (!jvmOptions.isBlank()) {
            command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        }
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1"));
        KubernetesServer server = null;
        Change change;
        if (mode.equals("file")) {
            Path file = work.resolve("routing-" + port + ".yaml");
            writeAsTheCliDoes(file, routing(v1, v2, 0));
            command.add("-Dgateway.routing.file=" + file);
            change = weight -> writeAsTheCliDoes(file, routing(v1, v2, weight));
        } else if (mode.equals("configmap")) {
            server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
            server.before();
            KubernetesClient client = server.getClient();
            AtomicReference<ConfigMap> last = new AtomicReference<>(client.configMaps().inNamespace(NAMESPACE)
                    .resource(new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP).endMetadata()
                            .withData(Map.of("routing.yaml", routing(v1, v2, 0))).build())
                    .create());
            command.addAll(List.of("-Dquarkus.kubernetes-client.api-server-url=" + client.getMasterUrl(),
                    "-Dquarkus.kubernetes-client.namespace=" + NAMESPACE,
                    "-Dgateway.routing.config-map=" + CONFIG_MAP,
                    "-Dgateway.routing.file=" + work.resolve("no-routing-file.yaml")));
            change = weight -> last.set(client.configMaps().inNamespace(NAMESPACE)
                    .resource(new ConfigMapBuilder(last.get()).withData(Map.of("routing.yaml", routing(v1, v2, weight))).build())
                    .update());
        } else {
            throw new IllegalArgumentException("mode must be file or configmap, not " + mode);
        }
        command.addAll(List.of("-jar", app.resolve("quarkus-run.jar").toString()));

        Process gateway = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("gateway-" + mode + ".log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::destroyForcibly));
        try {
            URI identity = URI.create("http://127.0.0.1:" + port + "/api/identity");
            awaitVersion(identity, "1.0.0", gateway);
            List<Double> millis = measure(identity, change, changes);
            List<Double> sorted = millis.stream().sorted().toList();
            System.out.printf("%s %d %.1f %.1f %.1f%n", mode, sorted.size(), percentile(sorted, 50), percentile(sorted, 90),
                    sorted.get(sorted.size() - 1));
        } finally {
            gateway.destroy();
            gateway.waitFor();
            if (server != null) {
                server.after();
            }
        }
        System.exit(0); // the mock server's and the client's threads would keep this JVM alive
    }

    /** Flips the weight {@code changes} times (after a few untimed ones), each time until the other version answers. */
    static List<Double> measure(URI identity, Change change, int changes) throws Exception {
        AtomicReference<FirstAnswer> awaited = new AtomicReference<>(new FirstAnswer("1.0.0"));
        Thread loop = new Thread(() -> clientLoop(identity, awaited), "client");
        loop.setDaemon(true);
        loop.start();
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < WARMUP_CHANGES + changes; i++) {
            // A random pause, so the changes fall at every phase of any periodic work in the gateway.
            Thread.sleep(150 + ThreadLocalRandom.current().nextInt(250));
            int weight = i % 2 == 0 ? 100 : 0;
            FirstAnswer first = new FirstAnswer(weight == 100 ? "2.0.0" : "1.0.0");
            awaited.set(first);
            long startedAt = System.currentTimeMillis();
            long start = System.nanoTime();
            change.to(weight);
            if (!first.arrived.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no answer from " + first.version + " within 10 s of change " + i);
            }
            double ms = (first.at - start) / 1e6;
            if (i >= WARMUP_CHANGES) {
                millis.add(ms);
                // the wall-clock start lines up with the gateway's log ("routing config ... applied")
                System.err.printf("change %2d to weight %3d at %s: %6.1f ms%n", i - WARMUP_CHANGES + 1, weight,
                        LocalTime.ofInstant(Instant.ofEpochMilli(startedAt), ZoneId.systemDefault()), ms);
            }
        }
        return millis;
    }

    /** The first answer from {@code version}: when it arrived (System.nanoTime). */
    static final class FirstAnswer {
        final String version;
        final CountDownLatch arrived = new CountDownLatch(1);
        volatile long at;

        FirstAnswer(String version) {
            this.version = version;
        }

        void answeredBy(String answering, long now) {
            if (answering.equals(version) && arrived.getCount() > 0) {
                at = now;
                arrived.countDown();
            }
        }
    }

    /**
     * One client sending requests back to back on a kept-alive connection, noting each answer's
     * version (one loop: on a small machine more would take CPU from the gateway being measured).
     */
    static void clientLoop(URI identity, AtomicReference<FirstAnswer> awaited) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(identity).timeout(Duration.ofSeconds(5)).build();
        while (true) {
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                long now = System.nanoTime();
                awaited.get().answeredBy(response.headers().firstValue("X-App-Version").orElse(""), now);
            } catch (IOException e) {
                // a refused or failed request says nothing about the config: try again
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static void awaitVersion(URI identity, String version, Process gateway) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("the gateway exited during start-up; see its log in the work dir");
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(identity).build(), HttpResponse.BodyHandlers.discarding());
                if (response.headers().firstValue("X-App-Version").orElse("").equals(version)) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the gateway did not route to " + version + " within 120 s");
    }

    static String routing(String v1, String v2, int weight) {
        return """
                strategy: canary
                groups: {v1: [%s], v2: [%s]}
                canary: {stable: v1, canary: v2, weight: %d}
                """.formatted(v1, v2, weight);
    }

    /** As the CLI's StateStore.writeAtomically: a temp file beside the target, moved over it atomically. */
    static void writeAsTheCliDoes(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
