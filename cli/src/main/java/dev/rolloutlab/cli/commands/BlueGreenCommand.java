package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.Arguments;
import dev.rolloutlab.cli.CliException;
import dev.rolloutlab.cli.Durations;
import dev.rolloutlab.cli.local.AppVersion;
import dev.rolloutlab.cli.local.LocalState;
import dev.rolloutlab.cli.local.Progressive;
import dev.rolloutlab.cli.local.Strategy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bluegreen", description = {"Make blue (v1) or green (v2) the active side: all traffic flips at once.",
        "The other side stays reachable as the preview: ./rollout-lab preview, /preview/api/..., or header X-Preview: true.",
        "Or --auto: SIDE becomes the preview, fed and judged by the gateway's own probe traffic, and is switched to",
        "only if it passes; a failure after the switch switches back (follow it with ./rollout-lab watch)."})
public final class BlueGreenCommand extends BaseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "blue|green", description = "the side to make active (with --auto: to switch to once it passes)")
    String side;

    @Option(names = "--auto", description = "an automated switch: the gateway judges the preview, switches, and switches back on a failure")
    boolean auto;

    @Option(names = "--pre-promotion", paramLabel = "DURATION", description = "with --auto: judge the preview this long before the switch (default: 30s)")
    String prePromotionText;

    @Option(names = "--auto-promotion", paramLabel = "DURATION|manual", description = "with --auto: then switch after this; manual waits for ./rollout-lab promote (default: 10s)")
    String autoPromotionText;

    @Option(names = "--post-promotion", paramLabel = "DURATION", description = "with --auto: judge the new active side this long; a failure switches back (default: 60s)")
    String postPromotionText;

    @Mixin
    AnalysisOptions analysis = new AnalysisOptions();

    @Override
    public Integer call() throws Exception {
        AppVersion target = check(() -> Arguments.color(side));
        if (!auto) {
            refuseAutoOnlyOptions();
            String before = switchStrategy(Strategy.BLUEGREEN, "bluegreen " + side, state -> state.blueGreenActive = target);
            AppVersion preview = target.other();
            console().println("blue/green: " + console().bold(target.color()) + " (" + console().version(target.key())
                    + ") is active and gets all traffic; " + preview.color() + " (" + console().version(preview.key())
                    + ") is the preview" + console().dim("   (was: " + before + ")"));
            return 0;
        }
        Progressive progressive = check(this::progressive);
        refuseWhenAlreadyActive(target);
        String before = switchStrategy(Strategy.BLUEGREEN, "bluegreen " + side + " --auto", state -> {
            state.blueGreenActive = target.other(); // stays active until the preview has passed
            state.blueGreenProgressive = progressive;
        });
        AppVersion active = target.other();
        console().println("bluegreen --auto: " + console().bold(target.color()) + " (" + console().version(target.key())
                + ") is the preview, judged for " + progressive.prePromotion + " on " + progressive.probeRate
                + " probe requests/s, then switched to " + (progressive.autoPromotion == null ? "on ./rollout-lab promote"
                : "after " + progressive.autoPromotion + " more") + "; " + active.color() + " (" + console().version(active.key())
                + ") serves until then. Revision " + console().bold(progressive.revision) + console().dim("   (was: " + before + ")"));
        reportAdopted("bluegreen", progressive.revision);
        return 0;
    }

    /** The progressive block these options ask for (SIDE is the preview); IllegalArgumentException naming the first bad option. */
    public Progressive progressive() {
        AppVersion target = Arguments.color(side);
        String pre = AnalysisOptions.duration("--pre-promotion", or(prePromotionText, "30s"), Duration.ZERO, Duration.ofHours(24));
        Optional<Duration> auto = Arguments.hold("--auto-promotion", or(autoPromotionText, "10s"));
        String post = AnalysisOptions.duration("--post-promotion", or(postPromotionText, "60s"), Duration.ZERO, Duration.ofHours(24));
        Progressive progressive = Progressive.blueGreen(target.semver(), pre, auto.map(Durations::toRouting).orElse(null), post);
        analysis.applyTo(progressive, 5);
        return progressive;
    }

    /** `bluegreen green --auto` while green already serves (by hand) would first send everything back to blue. */
    private void refuseWhenAlreadyActive(AppVersion target) {
        LocalState state = root.local().store().require();
        if (state.strategy == Strategy.BLUEGREEN && state.blueGreenProgressive == null && state.blueGreenActive == target) {
            throw new CliException(target.color() + " (" + target.key() + ") is the active side already; an automated switch goes"
                    + " to the other side: ./rollout-lab bluegreen " + target.other().color() + " --auto");
        }
    }

    private void refuseAutoOnlyOptions() {
        String given = prePromotionText != null ? "--pre-promotion" : autoPromotionText != null ? "--auto-promotion"
                : postPromotionText != null ? "--post-promotion" : analysis.given().stream().findFirst().orElse(null);
        if (given != null) {
            throw usage(given + " needs --auto (an automated switch); a plain bluegreen switches at once");
        }
    }

    private static String or(String text, String otherwise) {
        return text == null ? otherwise : text;
    }
}
