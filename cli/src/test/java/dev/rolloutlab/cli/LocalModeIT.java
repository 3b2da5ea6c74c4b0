package dev.rolloutlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolloutlab.cli.load.LoadStats;
import dev.rolloutlab.cli.local.GatewayClient;
import dev.rolloutlab.cli.local.InstanceRecord;
import dev.rolloutlab.cli.local.LocalState;
import dev.rolloutlab.cli.local.Ports;
import dev.rolloutlab.cli.local.ProcessRef;
import dev.rolloutlab.cli.local.StateStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Local mode end to end: the real packaged apps as processes, the real gateway, the CLI's
 * commands, and the load tool's engine sending real HTTP during every change. One local mode
 * serves all scenarios, in order, to keep the suite short on two cores (each JVM start costs
 * seconds). Short delays (shutdown delay 1 s, health checks every 500 ms) and a free port block
 * keep it fast and clear of a demo running on 8080-8084.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalModeIT {

    private static final String V1 = "1.0.0";
    private static final String V2 = "2.0.0";

    private final Console console = new Console(System.out, System.err, false);
    private Path stateDir;
    private int port;
    private Thread cleanup;
    private final List<ProcessRef> everyProcess = new ArrayList<>();

    @BeforeAll
    void up() throws IOException {
        stateDir = Files.createTempDirectory("rollout-lab-it-");
        port = FreePorts.block(10);
        // Whatever happens (a failed assertion, a killed test JVM's hooks), stop what was started.
        cleanup = new Thread(() -> cli("down", "--timeout", "5s"));
        Runtime.getRuntime().addShutdownHook(cleanup);
        assertThat(cli("up", "--detach", "--port", Integer.toString(port), "--shutdown-delay", "1s",
                "--health-interval", "500ms")).isZero();
        remember();
    }

    @AfterAll
    void down() {
        remember();
        assertThat(cli("down", "--timeout", "10s")).isZero();
        Runtime.getRuntime().removeShutdownHook(cleanup);
        assertThat(everyProcess).as("no orphans after down").noneMatch(ProcessRef::alive);
        assertThat(stateDir.resolve("state.json")).doesNotExist();
    }

    @Test
    @Order(1)
    void canaryZeroTenFiftyHundredZeroLosesNoRequest() throws Exception {
        int[] weights = {0, 10, 50, 100, 0};
        long[][] windows = new long[weights.length][];
        try (Traffic traffic = Traffic.start(identity(), "GET", 100)) {
            for (int i = 0; i < weights.length; i++) {
                assertThat(cli("canary", Integer.toString(weights[i]))).isZero();
                long from = traffic.now();
                sleep(1500);
                windows[i] = new long[] {from, traffic.now()};
            }
            assertNoErrors(traffic.finish());
            for (int i = 0; i < weights.length; i++) {
                LoadStats.Summary window = traffic.between(windows[i][0], windows[i][1]);
                assertThat(window.requests()).isGreaterThan(50);
                assertThat(window.share(V2)).as("v2 share at weight %d", weights[i]).isCloseTo(weights[i] / 100.0, within(0.05));
                assertThat(window.share(V1) + window.share(V2)).isEqualTo(1.0, within(1e-9));
            }
        }
    }

    @Test
    @Order(2)
    void blueGreenFlipsAndFlipsBack() throws Exception {
        try (Traffic traffic = Traffic.start(identity(), "GET", 100)) {
            assertThat(cli("bluegreen", "green")).isZero();
            long green = traffic.now();
            sleep(1500);
            assertThat(cli("preview")).isZero();
            long flipping = traffic.now(); // requests from here on may see either side until the flip applies
            assertThat(cli("bluegreen", "blue")).isZero();
            long blue = traffic.now();
            sleep(1500);
            long end = traffic.now();
            assertNoErrors(traffic.finish());
            assertThat(traffic.between(green, flipping).share(V2)).isEqualTo(1.0);
            assertThat(traffic.between(blue, end).share(V1)).isEqualTo(1.0);
        }
    }

    @Test
    @Order(3)
    void anInvalidRoutingFileIsRejectedAndTrafficIsUnaffected() throws Exception {
        assertThat(cli("canary", "10")).isZero();
        try (Traffic traffic = Traffic.start(identity(), "GET", 100)) {
            sleep(700);
            Files.writeString(stateDir.resolve("routing.yaml"), "strategy: canary\ngroups: {v1: [http://127.0.0.1:1]}\n"
                    + "canary: {stable: v1, canary: v2, weight: 101}\n");
            long written = traffic.now();
            JsonNode rejected = awaitRejected();
            assertThat(rejected.path("problems").toString()).contains("canary.weight").contains("101");
            sleep(1500);
            long end = traffic.now();
            assertNoErrors(traffic.finish());
            // Still the last good config: canary 10, not the rejected one.
            assertThat(traffic.between(written, end).share(V2)).isCloseTo(0.10, within(0.05));
        } finally {
            assertThat(cli("canary", "0")).isZero(); // rewrites a valid file
        }
    }

    @Test
    @Order(4)
    void anInstanceKilledWithSigkillLosesNoRequest() throws Exception {
        assertThat(cli("bluegreen", "green")).isZero();
        InstanceRecord victim = state().instancesOf(dev.rolloutlab.cli.local.AppVersion.V2).get(0);
        try (Traffic traffic = Traffic.start(identity(), "GET", 100)) {
            sleep(1000);
            ProcessHandle handle = ProcessHandle.of(victim.process().pid()).orElseThrow();
            handle.destroyForcibly();
            handle.onExit().get(10, TimeUnit.SECONDS);
            sleep(3000);
            // The gateway retries a GET whose connection failed on the other v2 instance, and
            // skips the dead one once its health check fails.
            LoadStats.Summary all = traffic.finish();
            assertNoErrors(all);
            assertThat(all.share(V2)).isEqualTo(1.0);
        }
    }

    @Test
    @Order(5)
    void rollingV1ToV2WithSurgeOneUnavailableZero() throws Exception {
        rollingUpdateLosesNoRequest("v2", "1", "0");
    }

    /**
     * Negative control: the same rolling update (surge 1, unavailable 0, back from v2 to v1),
     * but old instances get SIGKILL instead of SIGTERM, so there is no graceful shutdown. It must
     * lose requests, or the zero-error assertions above prove nothing. The load is POST: the
     * gateway retries a failed GET on another instance (retries would mask the kill), but never
     * a POST, which is not idempotent. So every POST routed to a killed instance in the 250 ms before
     * it leaves the routing (RollingUpdate.ENDPOINT_LAG) fails.
     */
    @Test
    @Order(6)
    void negativeControlRollingWithoutGracefulShutdownLosesPosts() throws Exception {
        assertThat(cli("rolling", "v2")).isZero(); // the rolling group is already v2: only selects the strategy
        try (Traffic posts = Traffic.start(visits(), "POST", 200)) {
            sleep(500);
            assertThat(cli("rolling", "v1", "--max-surge", "1", "--max-unavailable", "0", "--no-graceful")).isZero();
            sleep(500);
            LoadStats.Summary all = posts.finish();
            System.out.println("negative control: " + all.errors() + " of " + all.requests() + " POSTs failed " + all.errorsByKind());
            assertThat(all.errors()).as("POSTs lost without graceful shutdown").isPositive();
        }
    }

    @Test
    @Order(7)
    void rollingV1ToV2WithSurgeZeroUnavailableOne() throws Exception {
        rollingUpdateLosesNoRequest("v2", "0", "1");
    }

    @Test
    @Order(8)
    void theLoadCommandAsAProcessExitsNonZeroAboveTheErrorLimit() throws Exception {
        Path jar = Path.of("target/rollout-lab-cli.jar");
        assertThat(jar).exists();
        CliRun ok = runJar(jar, "load", "--url", "http://localhost:" + port + "/api/identity", "--rate", "20",
                "--duration", "1s", "--max-error-rate", "0");
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("summary").contains("2.0.0").contains("errors 0 (0.0%)");

        int closed = Ports.nextFree(port + 20, List.of());
        CliRun failing = runJar(jar, "load", "--url", "http://127.0.0.1:" + closed + "/api/identity", "--rate", "20",
                "--duration", "1s", "--max-error-rate", "1%");
        assertThat(failing.exit()).as(failing.output()).isEqualTo(1);
        assertThat(failing.output()).contains("connection refused").contains("is above --max-error-rate 1.0%");

        CliRun usage = runJar(jar, "canary", "101", "--state-dir", stateDir.toString());
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.output()).contains("weight must be from 0 to 100 percent (got 101)");
    }

    /** Before: all v1; during: both versions answer; after: all v2; no failed GET or POST. */
    private void rollingUpdateLosesNoRequest(String target, String surge, String unavailable) throws Exception {
        assertThat(cli("rolling", "v1")).isZero(); // selects the rolling strategy; the group runs v1
        remember();
        try (Traffic gets = Traffic.start(identity(), "GET", 100); Traffic posts = Traffic.start(visits(), "POST", 50)) {
            sleep(1000);
            long started = gets.now();
            assertThat(cli("rolling", target, "--max-surge", surge, "--max-unavailable", unavailable)).isZero();
            long done = gets.now();
            remember();
            sleep(1500);
            long end = gets.now();
            assertNoErrors(gets.finish());
            assertNoErrors(posts.finish());
            assertThat(gets.between(0, started).share(V1)).as("before").isEqualTo(1.0);
            LoadStats.Summary during = gets.between(started, done);
            assertThat(during.byVersion()).as("during").containsKeys(V1, V2);
            assertThat(gets.between(done, end).share(V2)).as("after").isEqualTo(1.0);
        }
    }

    private int cli(String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--state-dir", stateDir.toString())).toArray(String[]::new);
        return RolloutLab.run(console, all);
    }

    private LocalState state() {
        return new StateStore(stateDir).require();
    }

    /** Every process local mode ever ran, to check none survives `down`. */
    private void remember() {
        new StateStore(stateDir).load().ifPresent(s -> s.processes().forEach(p -> {
            if (!everyProcess.contains(p)) {
                everyProcess.add(p);
            }
        }));
    }

    private URI identity() {
        return URI.create("http://127.0.0.1:" + port + "/api/identity");
    }

    private URI visits() {
        return URI.create("http://127.0.0.1:" + port + "/api/volumes/scratch/visits");
    }

    private JsonNode awaitRejected() {
        GatewayClient gateway = GatewayClient.local(port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            JsonNode rejected = gateway.status().map(s -> s.path("lastRejected")).orElse(null);
            if (rejected != null && !rejected.isMissingNode() && !rejected.isNull()) {
                return rejected;
            }
            sleep(100);
        }
        throw new AssertionError("the gateway did not reject the invalid routing file within 5 s");
    }

    private static void assertNoErrors(LoadStats.Summary summary) {
        assertThat(summary.requests()).isPositive();
        assertThat(summary.errorsByKind()).as("failed requests of %d", summary.requests()).isEmpty();
    }

    record CliRun(int exit, String output) {
    }

    private static CliRun runJar(Path jar, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new CliRun(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
