package dev.rolloutlab.gateway.testing;

import dev.rolloutlab.gateway.proxy.RolloutHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * User traffic at a fixed rate (requests per second), as a learner's load generator sends it,
 * with every answer kept: when it was sent, which group answered, its status. Unlike
 * {@link Load} it does not send as fast as it can, so a rollout's intervals see a known number of
 * requests.
 */
public final class PacedLoad implements AutoCloseable {

    /** One answer (or failure: status 0) to a request sent at {@code sentAt} (epoch ms). */
    public record Answer(long sentAt, long answeredAt, String group, int status) {
        public boolean error() {
            return status == 0 || status >= 500;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final URI target;

    private PacedLoad(URI target, int perSecond) {
        this.target = target;
        timer.scheduleAtFixedRate(this::send, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    }

    /** Starts sending GET {@code target} {@code perSecond} times a second. */
    public static PacedLoad start(URI target, int perSecond) {
        return new PacedLoad(target, perSecond);
    }

    private void send() {
        long sentAt = System.currentTimeMillis();
        http.sendAsync(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> answers.add(new Answer(sentAt,
                        System.currentTimeMillis(),
                        response == null ? null : response.headers().firstValue(RolloutHeaders.GROUP_HEADER).orElse(null),
                        response == null ? 0 : response.statusCode())));
    }

    /** Every answer so far, in no particular order. */
    public List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** Answers to requests sent at or after {@code epochMillis}. */
    public List<Answer> sentSince(long epochMillis) {
        return answers().stream().filter(a -> a.sentAt() >= epochMillis).toList();
    }

    public long count(Predicate<Answer> which) {
        return answers().stream().filter(which).count();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
