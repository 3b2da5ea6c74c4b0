package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.Arguments;
import dev.rolloutlab.cli.Durations;
import dev.rolloutlab.cli.local.AppVersion;
import dev.rolloutlab.cli.local.FaultRestart;
import dev.rolloutlab.cli.local.LocalMode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fault", description = {"Make VERSION fail on purpose: answer a share of its identity requests with 500, and/or",
        "answer them late (local mode's twin of the chart's faults values). Restarts that version's instances one at",
        "a time: a new one with the fault starts, joins the routing once ready, then an old one leaves and stops.",
        "Later instances of VERSION (rolling, a restart) get the fault too. --error-rate 0 --latency 0 heals it."})
public final class FaultCommand extends BaseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "VERSION", description = "v1 or v2")
    String versionText;

    @Option(names = "--error-rate", paramLabel = "RATE", description = "share of identity requests answered 500: 20% or 0.2 (0: none)")
    String errorRateText;

    @Option(names = "--latency", paramLabel = "DURATION", description = "delay added to every identity response, up to 1m: 300ms (0: none)")
    String latencyText;

    @Override
    public Integer call() throws Exception {
        AppVersion version = check(() -> Arguments.version(versionText));
        if (errorRateText == null && latencyText == null) {
            throw usage("give --error-rate, --latency or both (e.g. fault " + version.key() + " --error-rate 20%)");
        }
        Double errorRate = errorRateText == null ? null : check(() -> Arguments.fraction("--error-rate", errorRateText));
        Duration latency = latencyText == null ? null
                : check(() -> Arguments.duration("--latency", latencyText, Duration.ZERO, Duration.ofMinutes(1)));
        LocalMode local = root.local();
        try (AutoCloseable lock = local.store().lock("fault " + version.key())) {
            FaultRestart restart = new FaultRestart(local, version);
            restart.run(errorRate, latency == null ? null : Durations.toConfig(latency));
        }
        return 0;
    }
}
