package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.Arguments;
import dev.rolloutlab.cli.local.AppVersion;
import dev.rolloutlab.cli.local.Strategy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "bluegreen", description = {"Make blue (v1) or green (v2) the active side: all traffic flips at once.",
        "The other side stays reachable as the preview: ./rollout-lab preview, /preview/api/..., or header X-Preview: true."})
public final class BlueGreenCommand extends BaseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "blue|green", description = "the side to make active")
    String side;

    @Override
    public Integer call() throws Exception {
        AppVersion active = check(() -> Arguments.color(side));
        String before = switchStrategy(Strategy.BLUEGREEN, "bluegreen " + side, state -> state.blueGreenActive = active);
        AppVersion preview = active.other();
        console().println("blue/green: " + console().bold(active.color()) + " (" + console().version(active.key())
                + ") is active and gets all traffic; " + preview.color() + " (" + console().version(preview.key())
                + ") is the preview" + console().dim("   (was: " + before + ")"));
        return 0;
    }
}
