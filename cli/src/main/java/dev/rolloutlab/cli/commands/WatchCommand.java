package dev.rolloutlab.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.cli.CliException;
import dev.rolloutlab.cli.local.RolloutClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Follows an automated rollout in the terminal until it ends, and says how it ended in its exit
 * code, so a script or a CI job can gate on it. It polls {@code GET /gateway/rollout} every
 * 500 ms (simpler and sturdier than holding a stream open through a port-forward) and prints
 * each new event once. A gateway that stops answering for a while (a restart) is waited for.
 */
@Command(name = "watch", description = {"Follow the automated rollout until it ends: one line per step, verdict, pause, abort...",
        "Exit code: 0 Promoted, 1 Aborted, 3 Paused (waiting for promote or resume), 4 no automated rollout (Idle),",
        "5 the gateway cannot be reached."})
public final class WatchCommand extends BaseCommand implements Callable<Integer> {

    public static final int PROMOTED = 0;
    public static final int ABORTED = 1;
    public static final int PAUSED = 3;
    public static final int IDLE = 4;
    public static final int UNREACHABLE = 5;

    private static final Duration POLL = Duration.ofMillis(500);
    /** How long a gateway may stay silent (a restart) before watch gives up. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @Option(names = "--gateway", paramLabel = "URL", description = "the gateway to follow, e.g. a port-forwarded one: http://localhost:8080 (default: local mode's)")
    String gatewayUrl;

    private final Set<String> printed = new HashSet<>();

    @Override
    public Integer call() {
        RolloutClient client = rollout(gatewayUrl);
        RolloutClient.Answer view = client.view().orElseThrow(() -> new CliException("the gateway at " + client.base()
                + " does not answer; is it running (./rollout-lab status) or the port-forward up?", UNREACHABLE));
        if (view.status() != 200) {
            throw new CliException("the gateway at " + client.base() + " answered HTTP " + view.status()
                    + " to /gateway/rollout (an older build without automated rollouts?)", UNREACHABLE);
        }
        JsonNode first = view.body();
        if (!view.phase().equals("idle")) {
            console().println("watching the " + first.path("kind").asText("") + " rollout of revision "
                    + first.path("revision").asText() + " at " + client.base()
                    + console().dim("   (Ctrl-C stops watching, not the rollout)"));
        }
        long lastAnswer = System.nanoTime();
        boolean lost = false;
        while (true) {
            printNewEvents(view.body());
            Optional<Integer> exit = exitCode(view.phase());
            if (exit.isPresent()) {
                console().println(phaseLine(view.phase(), view.message()) + console().dim("   (exit " + exit.get() + ")"));
                return exit.get();
            }
            sleep(POLL.toMillis());
            Optional<RolloutClient.Answer> next = client.view().filter(a -> a.status() == 200);
            if (next.isPresent()) {
                if (lost) {
                    console().println(console().dim("the gateway answers again"));
                    lost = false;
                }
                view = next.get();
                lastAnswer = System.nanoTime();
            } else if (System.nanoTime() - lastAnswer > PATIENCE.toNanos()) {
                throw new CliException("the gateway at " + client.base() + " has not answered for " + PATIENCE.toSeconds()
                        + " s; the rollout's outcome is unknown", UNREACHABLE);
            } else if (!lost) {
                console().warn("the gateway at " + client.base() + " does not answer; waiting up to " + PATIENCE.toSeconds()
                        + " s (a restart?)");
                lost = true;
            }
        }
    }

    /** How a phase ends the watch: empty while the rollout is still moving (starting, progressing). */
    static Optional<Integer> exitCode(String phase) {
        return switch (phase) {
            case "promoted" -> Optional.of(PROMOTED);
            case "aborted" -> Optional.of(ABORTED);
            case "paused" -> Optional.of(PAUSED);
            case "idle" -> Optional.of(IDLE);
            default -> Optional.empty();
        };
    }

    private void printNewEvents(JsonNode view) {
        List<JsonNode> events = new ArrayList<>();
        view.path("events").forEach(events::add);
        events.sort(Comparator.comparingLong(e -> e.path("at").asLong()));
        for (JsonNode event : events) {
            String key = event.path("at").asLong() + "|" + event.path("type").asText() + "|" + event.path("message").asText();
            if (printed.add(key)) {
                console().println(line(event));
            }
        }
    }

    /** {@code 14:02:31  verdict   interval failed: v2 18.0 % errors > 5 % (stable 0.0 %)} */
    String line(JsonNode event) {
        String type = event.path("type").asText();
        String padded = String.format("%-9s", type);
        String colored = switch (type) {
            case "aborted", "persist-failed" -> console().red(padded);
            case "promoted" -> console().green(padded);
            case "paused" -> console().yellow(padded);
            default -> padded;
        };
        String message = event.path("message").asText();
        if (type.equals("verdict") && message.contains("failed")) {
            message = console().red(message);
        }
        return TIME.format(Instant.ofEpochMilli(event.path("at").asLong())) + "  " + colored + " " + message;
    }
}
