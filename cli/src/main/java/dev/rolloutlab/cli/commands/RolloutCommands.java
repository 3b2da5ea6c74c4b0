package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.CliException;
import dev.rolloutlab.cli.local.RolloutClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The commands that move an automated rollout by hand: each is one POST to the gateway, which
 * decides whether the rollout's phase allows it. Accepted: the gateway's new message, exit 0.
 * Refused (409: e.g. nothing to promote after an abort; 403: not from loopback): the gateway's
 * sentence, exit 1. No gateway answering: exit {@value WatchCommand#UNREACHABLE}.
 */
public final class RolloutCommands {

    private RolloutCommands() {
    }

    abstract static class RolloutCommand extends BaseCommand implements Callable<Integer> {

        @Option(names = "--gateway", paramLabel = "URL", description = "the gateway to send it to, e.g. a port-forwarded one: http://localhost:8080 (default: local mode's)")
        String gatewayUrl;

        abstract String command();

        boolean full() {
            return false;
        }

        @Override
        public Integer call() {
            RolloutClient client = rollout(gatewayUrl);
            String what = command() + (full() ? " --full" : "");
            RolloutClient.Answer answer = client.command(command(), full()).orElseThrow(() -> new CliException(
                    "the gateway at " + client.base() + " does not answer; is it running (./rollout-lab status) or the port-forward up?",
                    WatchCommand.UNREACHABLE));
            switch (answer.status()) {
                case 200 -> {
                    console().println(what + ": " + phaseLine(answer.phase(), answer.message()));
                    return 0;
                }
                case 409 -> throw new CliException(what + " refused: " + answer.message());
                case 403 -> throw new CliException(what + " forbidden: " + answer.message());
                case 404 -> throw new CliException("the gateway at " + client.base() + " has no /gateway/rollout/" + command()
                        + " (an older build?)");
                default -> throw new CliException(what + ": the gateway answered HTTP " + answer.status() + ": " + answer.message());
            }
        }
    }

    @Command(name = "promote", description = {"Move an automated rollout on to its next step now (a manual step waits for this).",
            "--full: straight to 100% (Promoted)."})
    public static final class Promote extends RolloutCommand {

        @Option(names = "--full", description = "skip the remaining steps: Promoted at once")
        boolean full;

        @Override
        String command() {
            return "promote";
        }

        @Override
        boolean full() {
            return full;
        }
    }

    @Command(name = "abort", description = "Abort the automated rollout: from the next request on, the stable side answers everything.")
    public static final class Abort extends RolloutCommand {
        @Override
        String command() {
            return "abort";
        }
    }

    @Command(name = "retry", description = "Start an aborted (or paused) automated rollout again from its first step, failures cleared.")
    public static final class Retry extends RolloutCommand {
        @Override
        String command() {
            return "retry";
        }
    }

    @Command(name = "pause", description = "Hold the automated rollout at its current weight (intervals are still judged; failures still abort).")
    public static final class Pause extends RolloutCommand {
        @Override
        String command() {
            return "pause";
        }
    }

    @Command(name = "resume", description = "Go on with a paused rollout at the same step (a manual step needs promote instead).")
    public static final class Resume extends RolloutCommand {
        @Override
        String command() {
            return "resume";
        }
    }
}
