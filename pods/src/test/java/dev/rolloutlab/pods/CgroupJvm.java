package dev.rolloutlab.pods;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged app's JVM started inside a memory cgroup, the way the pod runs it: the shell moves
 * itself into the group, then execs {@code java -jar} (so the JVM is born inside it and its pid
 * is the shell's), with the chart's JVM options in env JDK_JAVA_OPTIONS, read by the launcher.
 */
final class CgroupJvm implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path output;
    private final int port;

    private CgroupJvm(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs {@code java args...} in {@code group} with {@code jdkJavaOptions}; waits for its exit and returns its output. */
    static String probe(MemoryCgroup group, String jdkJavaOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", group.enterAndExec(), "sh", java()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JDK_JAVA_OPTIONS", jdkJavaOptions);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    /**
     * Starts {@code jar} in {@code group} (null: none) on a free port with the given system
     * properties, behind {@code prefix} (e.g. setpriv to change the user).
     */
    static CgroupJvm start(MemoryCgroup group, String jdkJavaOptions, Path jar, Map<String, String> properties,
                           List<String> prefix) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: package the apps first "
                    + "(./mvnw -B install -DskipTests -pl services/sample-v1,gateway -am)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("sh", "-c", group == null ? "exec \"$@\"" : group.enterAndExec(), "sh"));
        command.addAll(prefix);
        command.add(java());
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        Path output = Temp.file("rollout-lab-pods-app-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JDK_JAVA_OPTIONS", jdkJavaOptions);
        if (!prefix.isEmpty()) {
            // Another user (setpriv): start it in the app's own directory, not in the checkout it may not enter.
            builder.directory(jar.toAbsolutePath().getParent().toFile());
        }
        return new CgroupJvm(builder.start(), output, port);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until {@code path} answers 200. */
    CgroupJvm await200(String path, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (send("GET", path).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no 200 from " + path + " within " + timeout + ":\n" + output());
    }

    /** VmHWM (peak resident set) or VmRSS of the JVM, in bytes; -1 once it is gone. */
    long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException gone) {
            return -1;
        }
        return -1;
    }

    String output() {
        try {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            return text.length() > 6000 ? "[...]\n" + text.substring(text.length() - 6000) : text;
        } catch (IOException e) {
            return "<no output: " + e + ">";
        }
    }

    /** SIGTERM, as the kubelet; SIGKILL after 20 s. */
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
            return socket.getLocalPort();
        }
    }
}
