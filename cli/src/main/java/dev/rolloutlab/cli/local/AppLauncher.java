package dev.rolloutlab.cli.local;

import dev.rolloutlab.cli.CliException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Starts the packaged apps as background JVMs on 127.0.0.1 with the {@code local} profile,
 * output in {@code .rollout-lab/logs/NAME.log}. The processes outlive the command that starts
 * them (a rolling update started from a second terminal), which is why their PIDs go to the
 * state file.
 */
public final class AppLauncher {

    /**
     * As in the images: small heap, serial GC, the C1 compiler only (many JVMs share two cores and
     * start faster), small thread stacks and code cache. Plus each app's class archive, once made.
     */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss512k", "-XX:ReservedCodeCacheSize=32m");
    /** What a training start logs once it is up (Quarkus's "... started in 1.234s."). */
    private static final String STARTED = " started in ";
    private static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(90);

    private final Path home;
    private final StateStore store;

    public AppLauncher(Path home, StateStore store) {
        this.home = home;
        this.store = store;
    }

    public Path gatewayJar() {
        return home.resolve("gateway/target/quarkus-app/quarkus-run.jar");
    }

    /** Fails with what to run when a jar is missing (./rollout-lab builds them on first use). */
    public void requireJars() {
        List<Path> jars = List.of(AppVersion.V1.jar(home), AppVersion.V2.jar(home), gatewayJar());
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new CliException(jar + " is missing: build it with "
                        + "./mvnw -q -B package -DskipTests -pl cli,services/sample-v1,services/sample-v2,gateway -am");
            }
        }
    }

    /**
     * Makes the class archive of each app that has none for its current build: the three apps
     * start once at the same time (a few seconds, the first time after a build), each on port 0
     * with throw-away volumes and routing, and stop on SIGTERM once up; the JVM writes the
     * archive at exit. A failed training only costs the speed-up: the app starts without one.
     */
    public void prepareClassArchives(Consumer<String> progress) {
        Path dir = store.dir().resolve("cds");
        List<Path> jars = List.of(AppVersion.V1.jar(home), AppVersion.V2.jar(home), gatewayJar());
        List<Path> missing = jars.stream().filter(jar -> !ClassArchive.of(dir, jar).exists()).toList();
        if (missing.isEmpty()) {
            return;
        }
        progress.accept("making class archives for faster starts (once per build) ...");
        Path training = dir.resolve("training");
        mkdirs(training.resolve("scratch"), training.resolve("node"), training.resolve("data"));
        Map<Path, Process> started = new LinkedHashMap<>();
        for (Path jar : missing) {
            ClassArchive archive = ClassArchive.of(dir, jar);
            String name = "train-" + ClassArchive.moduleOf(jar);
            started.put(jar, start(name, jar, 0, trainingProperties(training),
                    ClassArchive.trainingOptions(partOf(archive)), false));
        }
        // All up first, then all stopped together: each JVM writes its archive at exit, in parallel.
        started.forEach((jar, process) -> awaitStarted(process, "train-" + ClassArchive.moduleOf(jar)));
        started.values().forEach(Process::destroy); // SIGTERM: a normal exit, at which the JVM writes the archive
        started.forEach((jar, process) -> finishTraining(dir, jar, process));
    }

    private void awaitStarted(Process process, String name) {
        long deadline = System.nanoTime() + TRAINING_TIMEOUT.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline && !logContains(logOf(name), STARTED)) {
            sleep(100);
        }
    }

    private Map<String, String> trainingProperties(Path training) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.shutdown.delay-enabled", "false");
        props.put("sample.volumes.scratch.path", training.resolve("scratch").toString());
        props.put("sample.volumes.node.path", training.resolve("node").toString());
        props.put("sample.volumes.data.path", training.resolve("data").toString());
        props.put("gateway.routing.file", write(training.resolve("routing.yaml"),
                "strategy: rolling\ngroups: {sample: [http://127.0.0.1:9]}\nrolling: {group: sample}\n").toString());
        props.put("gateway.rollout.state-file", training.resolve("rollout-state.json").toString());
        return props;
    }

    /** Waits until the stopped training start has exited, and keeps its archive under its final name. */
    private void finishTraining(Path dir, Path jar, Process process) {
        ClassArchive archive = ClassArchive.of(dir, jar);
        Path part = partOf(archive);
        try {
            if (!process.waitFor(TRAINING_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly(); // killed while writing: its part file is incomplete, and deleted below
            } else if (Files.isRegularFile(part) && Files.size(part) > 0) {
                deleteOlderArchives(dir, jar);
                Files.move(part, archive.file(), StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // a left-over part file is overwritten by the next training
            }
        }
    }

    private static Path partOf(ClassArchive archive) {
        return archive.file().resolveSibling(archive.file().getFileName() + ".part");
    }

    /** Archives of earlier builds of the same module: nothing will map them again. */
    private static void deleteOlderArchives(Path dir, Path jar) throws IOException {
        String prefix = ClassArchive.moduleOf(jar) + "-";
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(".jsa")).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Only through {@link LocalMode#startInstance}, which picks the port and the name and records the instance. */
    InstanceRecord startInstance(String name, AppVersion version, int port, Map<String, String> properties) {
        Path volumes = store.volumes();
        Path scratch = volumes.resolve(Integer.toString(port)).resolve("scratch");
        mkdirs(scratch, volumes.resolve("node"), volumes.resolve("data"));
        Map<String, String> props = new LinkedHashMap<>();
        props.put("sample.volumes.scratch.path", scratch.toString());
        props.put("sample.volumes.node.path", volumes.resolve("node").toString());
        props.put("sample.volumes.data.path", volumes.resolve("data").toString());
        props.putAll(properties);
        Process process = start(name, version.jar(home), port, props, List.of(), true);
        return new InstanceRecord(name, version, port, ProcessRef.of(process.toHandle()));
    }

    public ProcessRef startGateway(int port, Duration healthInterval) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("gateway.routing.file", store.routingFile().toString());
        props.put("gateway.upstream.health-interval", healthInterval.toMillis() + "ms");
        props.put("gateway.rollout.state-file", store.rolloutStateFile().toString());
        // Nothing stands in front of the gateway locally, so it need not drain before stopping.
        props.put("quarkus.shutdown.delay-enabled", "false");
        return ProcessRef.of(start("gateway", gatewayJar(), port, props, List.of(), true).toHandle());
    }

    private Process start(String name, Path jar, int port, Map<String, String> properties, List<String> jvmOptions,
            boolean useArchive) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(jvmOptions);
        if (useArchive) {
            command.addAll(ClassArchive.of(store.dir().resolve("cds"), jar).useOptions());
        }
        command.add("-Dquarkus.profile=local");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        mkdirs(store.logs());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(store.logs().resolve(name + ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("POD_NAME", name);
        builder.environment().put("NODE_NAME", "localhost");
        builder.environment().put("KUBERNETES_NAMESPACE", "local");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new CliException("cannot start " + name + ": " + e.getMessage());
        }
    }

    /**
     * Waits until the app on {@code port} answers ready, failing early (with its log's tail)
     * when the process exits.
     */
    public void awaitReady(String name, ProcessRef process, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Http.ready(port)) {
                return;
            }
            if (!process.alive()) {
                throw new CliException(name + " exited during start-up; its log " + logOf(name) + " ends with:\n"
                        + tail(logOf(name), 15));
            }
            sleep(150);
        }
        throw new CliException(name + " was not ready on port " + port + " within " + timeout.toSeconds()
                + " s; see " + logOf(name));
    }

    public Path logOf(String name) {
        return store.logs().resolve(name + ".log");
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.isRegularFile(log) && Files.readString(log).contains(text);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path... dirs) {
        try {
            for (Path dir : dirs) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits {@code millis}; an interrupt ends the command ("interrupted") instead of being lost. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
