package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.CliException;
import dev.rolloutlab.cli.local.Http;
import dev.rolloutlab.cli.local.LocalState;
import dev.rolloutlab.cli.local.Strategy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "preview", description = {"Ask the blue/green preview (the inactive side) who it is.",
        "Sends GET /preview/api/identity through the gateway: test the new side before you flip to it."})
public final class PreviewCommand extends BaseCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        LocalState state = root.local().loadRunning();
        String url = "http://127.0.0.1:" + state.gatewayPort + "/preview/api/identity";
        Http.Response response = Http.get(url)
                .orElseThrow(() -> new CliException("the gateway did not answer " + url));
        String version = response.header("X-App-Version").orElse("-");
        String group = response.header("X-Rollout-Group").orElse("-");
        console().println("GET /preview/api/identity -> " + response.statusCode() + ", version "
                + console().version(version) + ", group " + group);
        console().println(response.body());
        if (state.strategy != Strategy.BLUEGREEN) {
            console().println(console().dim("(the preview exists under the bluegreen strategy; now: " + state.strategy.key()
                    + ". Try ./rollout-lab bluegreen blue)"));
        }
        return response.statusCode() < 400 ? 0 : 1;
    }
}
