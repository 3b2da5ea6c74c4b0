package dev.rolloutlab.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Quarkus app ({@code target/quarkus-app/quarkus-run.jar}) started as a real JVM
 * process on a free port, so tests can send it real HTTP and real signals.
 */
public final class AppProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static final List<String> JVM_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss512k", "-XX:ReservedCodeCacheSize=32m");

    private final Process process;
    private final Path output;
    private final String host;
    private final int port;

    private AppProcess(Process process, Path output, String host, int port) {
        this.process = process;
        this.output = output;
        this.host = host;
        this.port = port;
    }

    /** Starts {@code jar} with the given system properties; returns without waiting for readiness. */
    public static AppProcess start(Path jar, Map<String, String> systemProperties) throws IOException {
        return start(jar, "localhost", freePort(), systemProperties);
    }

    /**
     * Starts {@code jar} listening on {@code host:port} only (a loopback address such as
     * 127.0.0.2 stands for a pod's own IP: several "pods" then share one port, as in a cluster).
     */
    public static AppProcess start(Path jar, String host, int port, Map<String, String> systemProperties) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: package the app first (./mvnw package)");
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.http.port", Integer.toString(port));
        if (!"localhost".equals(host)) {
            props.put("quarkus.http.host", host);
        }
        props.putAll(systemProperties);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // As local mode and the images run the apps: small heap, serial GC, C1 only (a quicker start).
        command.addAll(JVM_OPTIONS);
        props.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        Path output = Files.createTempFile("app-process-", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new AppProcess(process, output, host, port);
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://" + host + ":" + port + path);
    }

    /** Everything the process printed so far (stdout and stderr). */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<output unavailable: " + e + ">";
        }
    }

    /** Waits until {@code path} answers 200, failing with the process output if it exits or times out. */
    public AppProcess awaitHttp200(String path, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (get(path).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYetListening) {
                // keep polling until the deadline
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no 200 from " + path + " within " + timeout + ":\n" + output());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends SIGTERM (what the kubelet sends first when it stops a container). */
    public void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL: the process dies at once, as a crashed container does. */
    public void kill() {
        process.destroyForcibly();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits for the process to exit and returns its exit code, or -1 after the timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
