package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.CliException;
import dev.rolloutlab.cli.Console;
import dev.rolloutlab.cli.Arguments;
import dev.rolloutlab.cli.RolloutLab;
import dev.rolloutlab.cli.local.AppLauncher;
import dev.rolloutlab.cli.local.LocalMode;
import dev.rolloutlab.cli.local.LocalState;
import dev.rolloutlab.cli.local.RolloutClient;
import dev.rolloutlab.cli.local.RoutingFile;
import dev.rolloutlab.cli.local.Strategy;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What each command shares: the root (console, home, state dir) and usage errors. */
abstract class BaseCommand {

    @ParentCommand
    RolloutLab root;

    @Spec
    CommandSpec spec;

    Console console() {
        return root.console();
    }

    /**
     * Switches the running local mode to {@code strategy}, with {@code change} setting its
     * parameters, under the state lock, and waits until the gateway serves it.
     *
     * @return how the routing was described before the switch, for the "(was: ...)" hint
     */
    String switchStrategy(Strategy strategy, String what, Consumer<LocalState> change) throws Exception {
        LocalMode local = root.local();
        try (AutoCloseable lock = local.store().lock(what)) {
            LocalState state = local.loadRunning();
            String missing = RoutingFile.missingFor(state, strategy);
            if (missing != null) {
                throw new CliException(missing);
            }
            String before = describe(state);
            state.strategy = strategy;
            // A strategy command replaces any automated rollout; `change` sets this one's if it asks for one.
            state.canaryProgressive = null;
            state.blueGreenProgressive = null;
            change.accept(state);
            local.apply(state);
            return before;
        }
    }

    static String describe(LocalState state) {
        return switch (state.strategy) {
            case CANARY -> state.canaryProgressive != null
                    ? "canary --auto, revision " + state.canaryProgressive.revision
                    : "canary " + state.canaryWeight + "%";
            case BLUEGREEN -> state.blueGreenProgressive != null
                    ? "bluegreen --auto to " + state.blueGreenActive.other().color() + ", revision " + state.blueGreenProgressive.revision
                    : "bluegreen, " + state.blueGreenActive.color() + " (" + state.blueGreenActive.key() + ") active";
            case ROLLING -> "rolling";
        };
    }

    /**
     * The gateway to ask about the rollout: {@code --gateway URL} (a port-forwarded one), or else
     * local mode's. The URL is checked before anything is sent.
     */
    RolloutClient rollout(String gatewayUrl) {
        if (gatewayUrl != null) {
            return new RolloutClient(check(() -> Arguments.gateway(gatewayUrl)).toString());
        }
        try {
            return RolloutClient.local(root.local().store().require().gatewayPort);
        } catch (CliException notRunning) {
            // not 1: watch's 1 means Aborted, and a CI job must not read "nothing runs" as that
            throw new CliException(notRunning.getMessage() + " (or name a gateway with --gateway URL)", WatchCommand.UNREACHABLE);
        }
    }

    /**
     * After an automated rollout was written: waits (up to five seconds) until the gateway has
     * taken it up, and prints where it is. The same revision as a finished rollout does not start
     * over: that is what retry or a new --revision are for, and the hint says so.
     */
    void reportAdopted(String kind, String revision) {
        RolloutClient client = RolloutClient.local(root.local().store().require().gatewayPort);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Optional<RolloutClient.Answer> view = Optional.empty();
        while (System.nanoTime() < deadline) {
            view = client.view();
            if (view.isPresent() && (view.get().status() == 404 || adopted(view.get(), kind, revision))) {
                break;
            }
            sleep(100);
        }
        if (view.isEmpty() || view.get().status() != 200) {
            console().warn("the gateway does not report the rollout (/gateway/rollout: "
                    + view.map(a -> "HTTP " + a.status()).orElse("no answer") + "); is it an older build?");
            return;
        }
        RolloutClient.Answer answer = view.get();
        console().println("gateway: " + phaseLine(answer.phase(), answer.message()));
        if (adopted(answer, kind, revision) && (answer.phase().equals("aborted") || answer.phase().equals("promoted"))) {
            console().println(console().dim("(revision " + revision + " is that " + answer.phase() + " rollout: ./rollout-lab retry starts it"
                    + " again, a new --revision starts a new one)"));
        }
        console().println(console().dim("follow it: ./rollout-lab watch"));
    }

    private static boolean adopted(RolloutClient.Answer view, String kind, String revision) {
        return kind.equals(view.body().path("kind").asText()) && revision.equals(view.body().path("revision").asText());
    }

    /**
     * The phase in its color and the gateway's message, without saying the phase twice (the
     * gateway's messages often start with it: "aborted: v2 18.0 % errors > 5 % ...").
     */
    String phaseLine(String phase, String message) {
        if (!phase.isEmpty() && message.startsWith(phase)) {
            return phase(phase) + message.substring(phase.length());
        }
        return phase(phase) + ": " + message;
    }

    /** A phase in its color: green promoted, red aborted, yellow paused. */
    String phase(String phase) {
        return switch (phase) {
            case "promoted" -> console().green(phase);
            case "aborted" -> console().red(phase);
            case "paused" -> console().yellow(phase);
            default -> console().bold(phase);
        };
    }

    /** A usage error (exit code 2) with this message. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    static void sleep(long millis) {
        AppLauncher.sleep(millis);
    }

    /** Runs an argument check; its failure becomes a usage error (exit code 2) naming the problem. */
    <T> T check(Supplier<T> argumentCheck) {
        try {
            return argumentCheck.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
