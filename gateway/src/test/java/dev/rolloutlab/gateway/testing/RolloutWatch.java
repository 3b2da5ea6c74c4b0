package dev.rolloutlab.gateway.testing;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches {@code GET /gateway/rollout} every 100 ms and keeps each distinct (phase, step, weight)
 * it saw, in order: the path a rollout took, even when its event history has moved on.
 */
public final class RolloutWatch implements AutoCloseable {

    /** One place the rollout was at, first seen at {@code at} (epoch ms). */
    public record Seen(long at, String phase, int step, int weight) {
        @Override
        public String toString() {
            return phase + "@" + step + ":" + weight;
        }
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<Seen> seen = new ArrayList<>();

    private RolloutWatch() {
        timer.scheduleWithFixedDelay(this::look, 0, 100, TimeUnit.MILLISECONDS);
    }

    public static RolloutWatch start() {
        return new RolloutWatch();
    }

    /** The current view. */
    public static JsonPath view() {
        return RestAssured.get("/gateway/rollout").then().statusCode(200).extract().jsonPath();
    }

    private void look() {
        try {
            JsonPath view = view();
            Integer step = view.get("step");
            Integer weight = view.get("weight");
            Seen now = new Seen(System.currentTimeMillis(), view.getString("phase"), step == null ? -1 : step,
                    weight == null ? -1 : weight);
            synchronized (seen) {
                Seen last = seen.isEmpty() ? null : seen.get(seen.size() - 1);
                if (last == null || !last.phase().equals(now.phase()) || last.step() != now.step()
                        || last.weight() != now.weight()) {
                    seen.add(now);
                }
            }
        } catch (RuntimeException e) {
            // The next look will do.
        }
    }

    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** When the rollout was first seen in {@code phase}, or -1. */
    public long firstIn(String phase) {
        return seen().stream().filter(s -> s.phase().equals(phase)).mapToLong(Seen::at).findFirst().orElse(-1);
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
