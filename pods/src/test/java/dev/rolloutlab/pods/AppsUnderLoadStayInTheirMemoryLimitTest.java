package dev.rolloutlab.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The sample and the gateway, each in a memory cgroup of the chart's memory limit with the
 * chart's JVM options (env JDK_JAVA_OPTIONS), the gateway routing to the sample, under load
 * through the gateway for 60 s: nobody is OOM-killed, both still answer, each group's peak stays
 * within the pod's memory budget (100 MiB for the sample, 128 MiB for the gateway: what a laptop
 * running a kind cluster with eight JVMs can afford), and the JVM sized its heap from the limit
 * (MaxRAMPercentage of it), not from the host's memory. Reports the peaks.
 */
class AppsUnderLoadStayInTheirMemoryLimitTest {

    static final long SECONDS = Long.getLong("pods.load.seconds", 60);
    static final int RATE = Integer.getInteger("pods.load.rate", 300);
    static final double MiB = 1024.0 * 1024;
    /** The most each pod may use under load: its cgroup's peak, what the kubelet and the OOM killer count. */
    static final long SAMPLE_BUDGET = 100L << 20;
    static final long GATEWAY_BUDGET = 128L << 20;

    @Test
    void sampleAndGatewayUnderLoadInTheChartsMemoryLimitWithTheChartsJvmOptions() throws Exception {
        Shipped.Source chart = Shipped.chart(null, Map.of());
        ChartApp sample = ChartApp.of(chart, "sample");
        ChartApp gateway = ChartApp.of(chart, "gateway");
        for (ChartApp app : List.of(sample, gateway)) {
            if (app.jvmOptions() == null) {
                fail("the chart states no JVM options for " + app.where() + ": no env JDK_JAVA_OPTIONS (contract 3), "
                        + "so the heap and processor count depend on the base image's defaults and the node's size");
            }
        }
        Host.require(Host.root(), MemoryCgroup.unavailable());

        StringBuilder report = new StringBuilder();
        for (ChartApp app : List.of(sample, gateway)) {
            report.append(heapSeesTheLimit(app)).append('\n');
        }

        Path home = Host.home();
        Path dirs = Temp.dir("rollout-lab-pods-memory-");
        Files.setPosixFilePermissions(dirs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> sampleProps = new LinkedHashMap<>();
        for (String volume : List.of("scratch", "node", "data")) {
            sampleProps.put("sample.volumes." + volume + ".path", Files.createDirectories(dirs.resolve(volume)).toString());
        }
        sampleProps.put("quarkus.log.handler.file.\"access\".path", dirs.resolve("scratch/access.log").toString());

        try (MemoryCgroup sampleGroup = MemoryCgroup.create("sample", sample.memoryLimit());
             MemoryCgroup gatewayGroup = MemoryCgroup.create("gateway", gateway.memoryLimit());
             CgroupJvm sampleJvm = CgroupJvm.start(sampleGroup, sample.jvmOptions(),
                     home.resolve("services/sample-v1/target/quarkus-app/quarkus-run.jar"), sampleProps, List.of())) {
            sampleJvm.await200("/q/health/ready", Duration.ofSeconds(180)); // a busy shared machine starts a JVM slowly
            Path routing = Files.writeString(dirs.resolve("routing.yaml"), """
                    strategy: rolling
                    groups: {sample: [http://127.0.0.1:%d]}
                    rolling: {group: sample}
                    """.formatted(sampleJvm.port()));
            try (CgroupJvm gatewayJvm = CgroupJvm.start(gatewayGroup, gateway.jvmOptions(),
                    home.resolve("gateway/target/quarkus-app/quarkus-run.jar"),
                    Map.of("gateway.routing.file", routing.toString()), List.of())) {
                gatewayJvm.await200("/api/identity", Duration.ofSeconds(180)); // a busy shared machine starts a JVM slowly

                Load load = load(gatewayJvm, sampleJvm, gatewayJvm);

                long sampleOom = sampleGroup.oomKills();
                long gatewayOom = gatewayGroup.oomKills();
                long samplePeak = sampleGroup.peak();
                long gatewayPeak = gatewayGroup.peak();
                report.append(line("sample", sample, sampleGroup, sampleJvm, load.rss.get("sample")));
                report.append(line("gateway", gateway, gatewayGroup, gatewayJvm, load.rss.get("gateway")));
                report.append(String.format("load: %d requests in %d s through the gateway (%d/s asked, %.0f/s answered 200; "
                                + "%d not sent while 256 were in flight), %d not 200, %d failed (first: %s)%n", load.sent.get(),
                        SECONDS, RATE, load.done.get() / (double) SECONDS, load.skipped.get(), load.not200.get(),
                        load.failed.get(), load.firstFailure));
                System.out.print(report);
                Files.writeString(home.resolve("pods/target/memory-under-load.txt"),
                        Instant.now() + " (" + sampleGroup.version() + ")\n" + report);

                assertThat(sampleOom).as("OOM kills in the sample's group\n" + report).isZero();
                assertThat(gatewayOom).as("OOM kills in the gateway's group\n" + report).isZero();
                assertThat(samplePeak).as("the sample's group peak (budget 100 MiB)\n" + report).isLessThanOrEqualTo(SAMPLE_BUDGET);
                assertThat(gatewayPeak).as("the gateway's group peak (budget 128 MiB)\n" + report).isLessThanOrEqualTo(GATEWAY_BUDGET);
                assertThat(sampleJvm.alive()).as("sample alive after the load\n" + sampleJvm.output()).isTrue();
                assertThat(gatewayJvm.alive()).as("gateway alive after the load\n" + gatewayJvm.output()).isTrue();
                assertThat(sampleJvm.send("GET", "/q/health/ready").statusCode()).as("sample ready after the load").isEqualTo(200);
                assertThat(gatewayJvm.send("GET", "/api/identity").statusCode()).as("gateway answers after the load").isEqualTo(200);
                // A floor that proves load was there; the rate reached depends on the machine's free CPU.
                assertThat(load.done.get()).as("requests answered 200\n" + report).isGreaterThanOrEqualTo(SECONDS * 20);
                assertThat(load.not200.get() + load.failed.get()).as("requests not answered 200 (at most 0.1 %%)\n" + report)
                        .isLessThanOrEqualTo(load.sent.get() / 1000);
            }
        }
    }

    /** A quick JVM in a group of the same limit: the heap it picks is MaxRAMPercentage of the limit. */
    private static String heapSeesTheLimit(ChartApp app) throws Exception {
        long limit = app.memoryLimit();
        try (MemoryCgroup probe = MemoryCgroup.create(app.app() + "-probe", limit)) {
            String out = CgroupJvm.probe(probe, app.jvmOptions(), "-XshowSettings:system", "-XX:+PrintFlagsFinal", "-version");
            long maxHeap = flag(out, "MaxHeapSize");
            Matcher seen = Pattern.compile("Memory Limit: (.*)").matcher(out);
            assertThat(seen.find()).as("the JVM reports a container memory limit (-XshowSettings:system) in "
                    + probe + ":\n" + out).isTrue();
            String because = app.where() + " with JDK_JAVA_OPTIONS=\"" + app.jvmOptions() + "\" in a " + app.memoryLimitText()
                    + " " + probe.version() + " group";
            assertThat(maxHeap).as("max heap of " + because).isLessThan(limit);
            if (!app.jvmOptions().contains("-Xmx")) {
                double percent = Double.parseDouble(flagText(out, "MaxRAMPercentage"));
                double expected = limit * percent / 100;
                assertThat((double) maxHeap).as("max heap of " + because + ": " + percent + " % of the limit")
                        .isBetween(expected * 0.95, expected * 1.05);
            }
            return String.format("%s: the JVM saw memory limit %s and chose max heap %.0f MiB (%s)",
                    app.app(), seen.group(1).trim(), maxHeap / MiB, app.jvmOptions());
        }
    }

    private static long flag(String flags, String name) {
        return Long.parseLong(flagText(flags, name));
    }

    private static String flagText(String flags, String name) {
        Matcher m = Pattern.compile("\\s" + name + "\\s+=\\s+(\\S+)").matcher(flags);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in -XX:+PrintFlagsFinal output:\n" + flags);
        }
        return m.group(1);
    }

    private static String line(String name, ChartApp app, MemoryCgroup group, CgroupJvm jvm, AtomicLong maxRss) {
        return String.format("%s: limit %s; group peak %.1f MiB (%s), JVM peak RSS %.1f MiB (VmHWM; %.1f MiB highest sampled), "
                        + "limit reached %d times, OOM kills %d%n", name, app.memoryLimitText(), group.peak() / MiB,
                group.version(), jvm.status("VmHWM") / MiB, maxRss.get() / MiB, group.limitHits(), group.oomKills());
    }

    /** What the load saw. */
    static final class Load {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong done = new AtomicLong();
        final AtomicLong not200 = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        /** Not sent because 256 were still in flight: the apps answered slower than RATE. */
        final AtomicLong skipped = new AtomicLong();
        final Map<String, AtomicLong> rss = Map.of("sample", new AtomicLong(), "gateway", new AtomicLong());
        volatile String firstFailure = "none";
    }

    /** RATE requests/s of GET /api/identity through the gateway for SECONDS, at most 256 in flight. */
    private static Load load(CgroupJvm target, CgroupJvm sampleJvm, CgroupJvm gatewayJvm) throws InterruptedException {
        Load load = new Load();
        Semaphore inFlight = new Semaphore(256);
        HttpRequest request = HttpRequest.newBuilder(target.uri("/api/identity")).timeout(Duration.ofSeconds(10)).GET().build();
        ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
        int perTick = Math.max(1, RATE / 100);
        ticks.scheduleAtFixedRate(() -> {
            for (int i = 0; i < perTick; i++) {
                if (!inFlight.tryAcquire()) {
                    load.skipped.incrementAndGet();
                    continue;
                }
                load.sent.incrementAndGet();
                CgroupJvm.HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    inFlight.release();
                    if (error != null) {
                        load.failed.incrementAndGet();
                        if (load.firstFailure.equals("none")) {
                            load.firstFailure = error.toString();
                        }
                    } else if (response.statusCode() != 200) {
                        load.not200.incrementAndGet();
                        if (load.firstFailure.equals("none")) {
                            load.firstFailure = "HTTP " + response.statusCode();
                        }
                    } else {
                        load.done.incrementAndGet();
                    }
                });
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        ticks.scheduleAtFixedRate(() -> {
            load.rss.get("sample").accumulateAndGet(sampleJvm.status("VmRSS"), Math::max);
            load.rss.get("gateway").accumulateAndGet(gatewayJvm.status("VmRSS"), Math::max);
        }, 0, 1, TimeUnit.SECONDS);
        Thread.sleep(SECONDS * 1000);
        ticks.shutdown();
        ticks.awaitTermination(5, TimeUnit.SECONDS);
        inFlight.tryAcquire(256, 15, TimeUnit.SECONDS);
        return load;
    }
}
