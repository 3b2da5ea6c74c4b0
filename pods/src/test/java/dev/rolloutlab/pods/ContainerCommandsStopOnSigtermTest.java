package dev.rolloutlab.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every non-JVM container command the chart (each scenario, and with the hostPath volumes on)
 * and the manifests (k8s/*.yml, k8s/labs/*.yaml) ship, run as PID 1 of its own PID namespace
 * as a container runtime runs it, stops within 2 s of SIGTERM. PID 1 gets no default signal
 * actions: a command without a SIGTERM handler (tail, a bare sh loop) ignores it, and the
 * kubelet waits out the whole grace period (30 s) on every delete, rollout and drain.
 * Init containers and run-to-completion pods (the helm test pod) must instead end by
 * themselves: init containers with 0 within 5 s. JVM images (rollout-lab/*) are left to
 * GracefulShutdownIT.
 */
class ContainerCommandsStopOnSigtermTest {

    static final Duration GRACE = Duration.ofSeconds(2);
    static final Duration SETTLE = Duration.ofMillis(1000);
    static final Duration INIT_LIMIT = Duration.ofSeconds(5);

    @TestFactory
    Stream<DynamicTest> everyShippedContainerCommandStopsOnSigtermAsPid1() {
        Host.require(Host.root(), Host.namespaces(), StandIns.unavailable());

        // One run per distinct image + command + args; the name lists every place that ships it.
        Map<String, List<ShippedContainer>> distinct = new LinkedHashMap<>();
        List<String> jvm = new ArrayList<>();
        for (Shipped.Source source : Shipped.all()) {
            for (ShippedContainer c : ShippedContainer.in(source)) {
                if (c.jvm()) {
                    jvm.add(c.where());
                } else {
                    distinct.computeIfAbsent(c.key() + (c.init() ? " (init)" : ""), k -> new ArrayList<>()).add(c);
                }
            }
        }
        System.out.println("JVM containers left to GracefulShutdownIT: " + jvm.size());
        assertThat(distinct).as("non-JVM containers found in the chart and manifests").isNotEmpty();
        return distinct.entrySet().stream().map(e -> DynamicTest.dynamicTest(
                e.getKey() + " [" + e.getValue().size() + "x, e.g. " + e.getValue().get(0).where() + "]",
                () -> check(e.getValue())));
    }

    private static void check(List<ShippedContainer> places) throws Exception {
        ShippedContainer c = places.get(0);
        String shipped = "\n  shipped in: " + String.join("\n              ", places.stream().map(ShippedContainer::where).toList());
        try (PidOne pod = PidOne.start(c, Map.of())) {
            if (c.init()) {
                Integer exit = pod.awaitExit(INIT_LIMIT);
                if (exit == null) {
                    fail("init container " + pod.argv() + " still running after " + INIT_LIMIT.toSeconds()
                            + " s: the pod would never start" + shipped + "\n  output:\n" + pod.output());
                }
                assertThat(exit).as("exit code of init container " + pod.argv() + shipped + "\n  output:\n" + pod.output()).isZero();
                System.out.println("init ran to completion (exit 0): " + pod.argv());
                return;
            }
            Integer early = pod.awaitExit(SETTLE);
            if (early != null) {
                if (c.runsToCompletion()) {
                    System.out.println("run-to-completion pod ended by itself (exit " + early + ") before SIGTERM: " + pod.argv());
                    return;
                }
                fail(pod.argv() + " exited by itself (" + early + ") before SIGTERM, but runs in a restarted pod: "
                        + "its stand-in or its command is wrong" + shipped + "\n  output:\n" + pod.output());
            }
            Duration took = pod.terminate(GRACE);
            if (took == null) {
                fail(pod.argv() + " as PID 1 was still running " + GRACE.toSeconds() + " s after SIGTERM: "
                        + "PID 1 has no default SIGTERM action, so the command must trap it (contract: "
                        + "sh -c 'trap \"exit 0\" TERM; ... & wait'); a kubelet would wait out the grace period" + shipped
                        + "\n  output:\n" + pod.output());
            }
            System.out.println("stopped " + took.toMillis() + " ms after SIGTERM (exit " + pod.exitValue() + "): " + pod.argv());
        }
    }
}
