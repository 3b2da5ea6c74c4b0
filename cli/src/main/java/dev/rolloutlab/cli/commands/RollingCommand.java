package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.Arguments;
import dev.rolloutlab.cli.local.AppVersion;
import dev.rolloutlab.cli.local.LocalMode;
import dev.rolloutlab.cli.rolling.RollingUpdate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rolling", description = {"Roll the rolling group to VERSION, as a Deployment's rolling update does.",
        "Starts new instances, waits until ready, adds them, then takes old ones out with SIGTERM (graceful shutdown):",
        "never more than replicas + max-surge instances, never fewer than replicas - max-unavailable ready ones."})
public final class RollingCommand extends BaseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "VERSION", description = "v1 or v2")
    String versionText;

    @Option(names = "--max-surge", paramLabel = "N", defaultValue = "1", description = "extra instances allowed during the update (default: ${DEFAULT-VALUE})")
    int maxSurge;

    @Option(names = "--max-unavailable", paramLabel = "N", defaultValue = "0", description = "instances allowed to be missing during the update (default: ${DEFAULT-VALUE})")
    int maxUnavailable;

    @Option(names = "--no-graceful", description = "SIGKILL old instances instead of SIGTERM: shows what graceful shutdown saves (run load --method POST meanwhile)")
    boolean noGraceful;

    @Override
    public Integer call() throws Exception {
        AppVersion target = check(() -> Arguments.version(versionText));
        check(() -> {
            Arguments.surgeAndUnavailable(maxSurge, maxUnavailable);
            return null;
        });
        LocalMode local = root.local();
        try (AutoCloseable lock = local.store().lock("rolling " + target.key())) {
            new RollingUpdate(local, target, maxSurge, maxUnavailable, !noGraceful).run();
        }
        return 0;
    }
}
