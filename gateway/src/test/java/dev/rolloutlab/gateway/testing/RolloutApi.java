package dev.rolloutlab.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads {@code GET /gateway/rollout}: the view, and the events it keeps (the last 20). */
public final class RolloutApi {

    /** One event of the view's history. */
    public record Event(long at, String type, String phase, int step, int weight, String message) {
    }

    private RolloutApi() {
    }

    public static JsonPath view() {
        return RestAssured.get("/gateway/rollout").then().statusCode(200).extract().jsonPath();
    }

    public static String phase() {
        return view().getString("phase");
    }

    /** Waits until the rollout is in {@code phase}; on timeout the failure shows the last view. */
    public static void awaitPhase(String phase, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            String json = RestAssured.get("/gateway/rollout").then().statusCode(200).extract().asString();
            assertThat(JsonPath.from(json).getString("phase")).as(json).isEqualTo(phase);
        });
    }

    /** The events the view holds, oldest first. */
    public static List<Event> events() {
        List<Map<String, Object>> raw = view().getList("events");
        return raw.stream().map(e -> new Event(((Number) e.get("at")).longValue(), (String) e.get("type"),
                (String) e.get("phase"), ((Number) e.get("step")).intValue(), ((Number) e.get("weight")).intValue(),
                (String) e.get("message"))).toList();
    }

    /** When the first event of {@code type} happened, or -1. */
    public static long firstAt(List<Event> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).mapToLong(Event::at).findFirst().orElse(-1);
    }
}
