package dev.rolloutlab.gateway.upstream.endpoints;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rolloutlab.gateway.testing.EndpointRoutingProfile;
import dev.rolloutlab.gateway.testing.L4Balancer;
import dev.rolloutlab.gateway.testing.Load;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.upstream.UpstreamConnections;
import dev.rolloutlab.testing.AppProcess;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gateway routes to pods, as ingress controllers do, and so no request fails while pods come
 * and go. Real sample processes are the pods, each on a loopback address of its own (127.0.0.N,
 * one port for all: a pod IP each); the Kubernetes mock server serves their EndpointSlice and its
 * watch events, changed in the order kubelet and the endpoint controller change it. Under steady
 * load (32 clients, the samples answering in about 10 ms), each replay counts the failures:
 * <ol>
 * <li>a rolling update: two new pods ready and added; each old pod marked terminating, then
 * SIGTERMed, serving through its shutdown delay, then gone from the slice;</li>
 * <li>a crash: a pod SIGKILLed, its endpoint change arriving a second later;</li>
 * <li>the API server lost: the last endpoints known keep serving, and status says the watch is down;</li>
 * <li>the negative control: the same crash with the group as one address, a per-connection TCP
 * balancer in front of the pods as kube-proxy is in front of a ClusterIP. It must show failures,
 * or the first two prove nothing.</li>
 * </ol>
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(EndpointRoutingProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndpointRoutingReplayTest {

    static final Path SAMPLE_JAR = Path.of("..", "services", "sample-v1", "target", "quarkus-app", "quarkus-run.jar");
    static final int MIN_REQUESTS = 20_000;
    static final String SERVICE = "sample";
    static final String SLICE = "sample-x7k2p";

    /** One "pod": a sample process on its own loopback address. */
    record Pod(String name, String ip, AppProcess process) {
        Endpoint endpoint(boolean ready, boolean terminating) {
            return new EndpointBuilder().withAddresses(ip)
                    .withNewConditions().withReady(ready).withServing(ready || terminating).withTerminating(terminating).endConditions()
                    .withNewTargetRef().withKind("Pod").withName(name).endTargetRef().withNodeName("node-1").build();
        }

        SocketAddress address(int port) {
            return SocketAddress.inetSocketAddress(port, ip);
        }
    }

    static int port;
    static final Map<String, Pod> PODS = new LinkedHashMap<>();

    @Inject
    KubernetesClient client;

    @Inject
    UpstreamConnections connections;

    @KubernetesTestServer
    KubernetesServer apiServer;

    @TestHTTPResource("/api/identity")
    URI identity;

    @BeforeAll
    static void startPods() throws Exception {
        port = portFreeOnEveryAddress(2, 6);
        String[] names = {"sample-old-a", "sample-old-b", "sample-new-c", "sample-new-d", "sample-new-e"};
        for (int i = 0; i < names.length; i++) {
            String ip = "127.0.0." + (i + 2);
            PODS.put(names[i], new Pod(names[i], ip, AppProcess.start(SAMPLE_JAR, ip, port, Map.of(
                    "sample.fault.latency", "10ms", // requests in flight on a pod when it dies
                    "quarkus.shutdown.delay", "2s",
                    "quarkus.log.level", "WARN"))));
        }
        for (Pod pod : PODS.values()) {
            pod.process().awaitHttp200("/q/health/ready", Duration.ofSeconds(90));
        }
    }

    @AfterAll
    static void stopPods() throws InterruptedException {
        for (Pod pod : PODS.values()) {
            pod.process().kill();
        }
    }

    @Test
    @Order(0)
    void aServiceWithNoReadyPodIsAGroupWithNoInstance() throws Exception {
        slice("quiet", pod("sample-new-e").endpoint(false, false)); // started, not ready yet
        RoutingFiles.apply(EndpointRoutingProfile.ROUTING, RoutingFiles.rolling("http://quiet:80"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "not ready".equals(stateOf("sample-new-e")));
        given().get("/api/identity").then().statusCode(502)
                .body("error", org.hamcrest.Matchers.equalTo("group 'sample' did not answer: it has no ready instance"));
        client.resources(EndpointSlice.class).withName("quiet").delete();
    }

    @Test
    @Order(1)
    void aRollingUpdateFailsNoRequest() throws Exception {
        slice(pod("sample-old-a").endpoint(true, false), pod("sample-old-b").endpoint(true, false));
        RoutingFiles.apply(EndpointRoutingProfile.ROUTING, RoutingFiles.rolling("http://" + SERVICE + ":80"));
        await().atMost(Duration.ofSeconds(30)).until(() -> readyPods().equals(List.of("sample-old-a", "sample-old-b")));

        try (Load load = Load.start(identity, 32)) {
            awaitSent(load, 2_000);
            // New pods start and, once ready, the endpoint controller adds them.
            slice(pod("sample-old-a").endpoint(true, false), pod("sample-old-b").endpoint(true, false),
                    pod("sample-new-c").endpoint(true, false), pod("sample-new-d").endpoint(true, false));
            awaitSent(load, load.sent() + 2_000);
            replace(pod("sample-old-a"), List.of("sample-old-b", "sample-new-c", "sample-new-d"));
            replace(pod("sample-old-b"), List.of("sample-new-c", "sample-new-d"));
            awaitSent(load, MIN_REQUESTS);
            load.close();
            report("rolling update, routed to pods", load);
            assertThat(load.failures()).as("failed of %d requests", load.sent()).isEmpty();
        }
        JsonPath stats = given().get("/gateway/stats").jsonPath();
        assertThat(stats.getList("upstreams.name", String.class)).contains("sample-new-c", "sample-new-d");
    }

    @Test
    @Order(2)
    void aCrashedPodFailsNoRequest() throws Exception {
        try (Load load = Load.start(identity, 32)) {
            awaitSent(load, 5_000);
            pod("sample-new-c").process().kill();
            Thread.sleep(1_000); // the endpoint controller hears of it a second later
            slice(pod("sample-new-d").endpoint(true, false));
            awaitSent(load, MIN_REQUESTS);
            load.close();
            report("crash (SIGKILL), routed to pods", load);
            assertThat(load.failures()).as("failed of %d requests", load.sent()).isEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> readyPods().equals(List.of("sample-new-d")));
    }

    @Test
    @Order(3)
    void whenTheApiIsLostTheLastEndpointsKnownServe() throws Exception {
        apiServer.after(); // the API server goes away (the last test of the class that needs it)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath status = given().get("/gateway/status").jsonPath();
            assertThat(status.getBoolean("endpoints.watching")).isFalse();
            assertThat(status.getString("endpoints.problem")).isNotNull();
        });
        assertThat(readyPods()).containsExactly("sample-new-d");
        for (int i = 0; i < 20; i++) {
            given().get("/api/identity").then().statusCode(200).header("X-Rollout-Upstream", "http://127.0.0.5:" + port);
        }
    }

    @Test
    @Order(4)
    void theSameCrashBehindOneServiceAddressFailsRequests() throws Exception {
        try (L4Balancer service = L4Balancer.start(List.of(pod("sample-new-d").address(port), pod("sample-new-e").address(port)))) {
            RoutingFiles.apply(EndpointRoutingProfile.ROUTING, RoutingFiles.rolling(service.url()));
            try (Load load = Load.start(identity, 32)) {
                awaitSent(load, 5_000);
                pod("sample-new-d").process().kill();
                Thread.sleep(1_000);
                service.endpoints(List.of(pod("sample-new-e").address(port)));
                awaitSent(load, MIN_REQUESTS);
                load.close();
                report("crash (SIGKILL), one Service address (negative control)", load);
                assertThat(load.failures()).as("the negative control: one address in front of the pods, of %d requests",
                        load.sent()).isNotEmpty();
            }
        }
    }

    /**
     * A pod leaves as Kubernetes takes it out: its endpoint turns terminating (no new requests,
     * its pooled connections drain while it still serves), kubelet sends SIGTERM, the pod serves
     * through its shutdown delay and exits, and its endpoint goes.
     */
    private void replace(Pod old, List<String> staying) throws Exception {
        List<Endpoint> endpoints = new ArrayList<>();
        staying.forEach(name -> endpoints.add(pod(name).endpoint(true, false)));
        endpoints.add(old.endpoint(false, true));
        slice(endpoints.toArray(Endpoint[]::new));
        await().atMost(Duration.ofSeconds(10)).until(() -> "terminating".equals(stateOf(old.name())));
        // Drained on the endpoint change alone, while the pod still serves: no connection of the gateway's is left on it.
        await().atMost(Duration.ofSeconds(5)).until(() -> connections.count(old.ip(), port) == 0);
        old.process().terminate();
        assertThat(old.process().awaitExit(Duration.ofSeconds(20))).as("%s exited after SIGTERM", old.name()).isNotEqualTo(-1);
        slice(staying.stream().map(name -> pod(name).endpoint(true, false)).toArray(Endpoint[]::new));
    }

    /** One line per replay in the build's output: the figures docs/gateway.md and docs/tests.md quote. */
    private static void report(String replay, Load load) {
        System.out.printf("replay %s: %d failed of %d requests%s%n", replay, load.failures().size(), load.sent(),
                load.failures().isEmpty() ? "" : " (first: " + load.failures().get(0) + ")");
    }

    private void slice(Endpoint... endpoints) {
        slice(SERVICE, endpoints);
    }

    /** The one slice of {@code service}, named after it (the endpoint controller adds a random suffix). */
    private void slice(String service, Endpoint... endpoints) {
        EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withName(service.equals(SERVICE) ? SLICE : service)
                .addToLabels(EndpointSlices.SERVICE_LABEL, service).endMetadata()
                .withAddressType("IPv4").addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort()
                .withEndpoints(endpoints).build();
        client.resources(EndpointSlice.class).resource(slice).createOr(existing -> existing.update());
    }

    private static Pod pod(String name) {
        return PODS.get(name);
    }

    private static List<String> readyPods() {
        return given().get("/gateway/status").jsonPath().getList("upstreams.findAll { it.endpoint == 'ready' }.pod", String.class);
    }

    private static String stateOf(String pod) {
        return given().get("/gateway/status").jsonPath().getString("upstreams.find { it.pod == '" + pod + "' }.endpoint");
    }

    private static void awaitSent(Load load, int count) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> load.sent() >= count);
    }

    /** A port no process listens on at any of 127.0.0.first..last. */
    private static int portFreeOnEveryAddress(int first, int last) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int candidate;
            try (ServerSocket probe = new ServerSocket(0)) {
                candidate = probe.getLocalPort();
            }
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int n = first; n <= last; n++) {
                    held.add(new ServerSocket(candidate, 50, InetAddress.getByName("127.0.0." + n)));
                }
                return candidate;
            } catch (IOException taken) {
                // try another
            } finally {
                for (ServerSocket socket : held) {
                    socket.close();
                }
            }
        }
        throw new IOException("no port free on every address 127.0.0." + first + ".." + last);
    }
}
