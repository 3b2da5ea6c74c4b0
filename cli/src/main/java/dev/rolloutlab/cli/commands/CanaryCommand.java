package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.Arguments;
import dev.rolloutlab.cli.Durations;
import dev.rolloutlab.cli.local.AppVersion;
import dev.rolloutlab.cli.local.Progressive;
import dev.rolloutlab.cli.local.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "canary", description = {"Send WEIGHT percent of requests to v2 (the canary), the rest to v1 (stable).",
        "Move on step by step: 0 -> 10 -> 50 -> 100; back to 0 aborts.",
        "Or --auto: the gateway moves the canary through --steps itself, judging v2's errors and latency every",
        "--interval, and promotes it to 100 or aborts it to 0 (follow it with ./rollout-lab watch)."})
public final class CanaryCommand extends BaseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "WEIGHT", arity = "0..1", description = "0 to 100 (percent to the canary); not with --auto")
    String weightText;

    @Option(names = "--auto", description = "an automated canary: the gateway steps, judges, promotes or aborts")
    boolean auto;

    @Option(names = "--steps", paramLabel = "W,W,...", description = "with --auto: the canary's weights, increasing, 1 to 99 (default: 10,25,50; 100 follows)")
    String stepsText;

    @Option(names = "--hold", paramLabel = "DURATION|manual", description = "with --auto: how long each step lasts at least; manual waits for ./rollout-lab promote (default: 30s)")
    String holdText;

    @Mixin
    AnalysisOptions analysis = new AnalysisOptions();

    @Override
    public Integer call() throws Exception {
        if (!auto) {
            refuseAutoOnlyOptions();
            if (weightText == null) {
                throw usage("Missing required parameter: 'WEIGHT' (or --auto for an automated canary)");
            }
            int weight = check(() -> Arguments.weight(weightText));
            String before = switchStrategy(Strategy.CANARY, "canary " + weight, state -> state.canaryWeight = weight);
            console().println("canary: " + console().bold(weight + "%") + " of requests to " + console().version("v2")
                    + ", " + (100 - weight) + "% to " + console().version("v1") + console().dim("   (was: " + before + ")"));
            return 0;
        }
        if (weightText != null) {
            throw usage("give a WEIGHT or --auto, not both (got " + weightText + " and --auto): the gateway sets the weight of an automated canary");
        }
        Progressive progressive = check(this::progressive);
        String before = switchStrategy(Strategy.CANARY, "canary --auto", state -> state.canaryProgressive = progressive);
        console().println("canary --auto: " + console().version("v2") + " at " + ladder(progressive) + "; revision "
                + console().bold(progressive.revision) + console().dim("   (was: " + before + ")"));
        reportAdopted("canary", progressive.revision);
        return 0;
    }

    /** The progressive block these options ask for; IllegalArgumentException naming the first bad option. */
    public Progressive progressive() {
        List<Integer> weights = Arguments.steps(stepsText == null ? "10,25,50" : stepsText);
        Optional<Duration> hold = Arguments.hold("--hold", holdText == null ? "30s" : holdText);
        String each = hold.map(Durations::toRouting).orElse("manual");
        List<Progressive.Step> steps = new ArrayList<>();
        weights.forEach(w -> steps.add(new Progressive.Step(w, each)));
        Progressive progressive = Progressive.canary(AppVersion.V2.semver(), steps);
        analysis.applyTo(progressive, 0);
        return progressive;
    }

    private static String ladder(Progressive progressive) {
        String hold = progressive.steps.get(0).hold();
        return progressive.steps.stream().map(s -> s.weight() + "%").collect(Collectors.joining(" -> ")) + " -> 100%"
                + (hold.equals("manual") ? ", each step waiting for promote" : ", each step held " + hold + " at least");
    }

    private void refuseAutoOnlyOptions() {
        List<String> given = new ArrayList<>(analysis.given());
        if (stepsText != null) {
            given.add(0, "--steps");
        }
        if (holdText != null) {
            given.add(0, "--hold");
        }
        if (!given.isEmpty()) {
            throw usage(given.get(0) + " needs --auto (an automated canary); a plain canary takes only a WEIGHT");
        }
    }
}
