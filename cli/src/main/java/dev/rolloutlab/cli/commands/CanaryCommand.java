package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.Arguments;
import dev.rolloutlab.cli.local.Strategy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "canary", description = {"Send WEIGHT percent of requests to v2 (the canary), the rest to v1 (stable).",
        "Move on step by step: 0 -> 10 -> 50 -> 100; back to 0 aborts."})
public final class CanaryCommand extends BaseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "WEIGHT", description = "0 to 100 (percent to the canary)")
    String weightText;

    @Override
    public Integer call() throws Exception {
        int weight = check(() -> Arguments.weight(weightText));
        String before = switchStrategy(Strategy.CANARY, "canary " + weight, state -> state.canaryWeight = weight);
        console().println("canary: " + console().bold(weight + "%") + " of requests to " + console().version("v2")
                + ", " + (100 - weight) + "% to " + console().version("v1") + console().dim("   (was: " + before + ")"));
        return 0;
    }
}
