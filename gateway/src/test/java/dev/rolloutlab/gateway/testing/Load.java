package dev.rolloutlab.gateway.testing;

import dev.rolloutlab.gateway.proxy.RolloutHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Continuous GET traffic from a few client threads while a test changes things underneath. */
public final class Load implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService clients;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> byGroup = new ConcurrentHashMap<>();

    private Load(URI target, int threads) {
        clients = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < threads; i++) {
            clients.submit(() -> {
                while (running.get() && sent.get() < 100_000) {
                    send(target);
                }
            });
        }
    }

    public static Load start(URI target, int threads) {
        return new Load(target, threads);
    }

    private void send(URI target) {
        sent.incrementAndGet();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                failures.add(response.statusCode() + " " + response.body());
            } else {
                byGroup.computeIfAbsent(response.headers().firstValue(RolloutHeaders.GROUP_HEADER).orElse("?"),
                        g -> new AtomicInteger()).incrementAndGet();
            }
        } catch (Exception e) {
            failures.add(e.toString());
        }
    }

    public int sent() {
        return sent.get();
    }

    public List<String> failures() {
        return failures;
    }

    /** Requests answered per group since the load started. */
    public Map<String, AtomicInteger> byGroup() {
        return byGroup;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        clients.shutdown();
        clients.awaitTermination(15, TimeUnit.SECONDS);
    }
}
