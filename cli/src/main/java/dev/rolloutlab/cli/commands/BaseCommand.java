package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.CliException;
import dev.rolloutlab.cli.Console;
import dev.rolloutlab.cli.RolloutLab;
import dev.rolloutlab.cli.local.LocalMode;
import dev.rolloutlab.cli.local.LocalState;
import dev.rolloutlab.cli.local.RoutingFile;
import dev.rolloutlab.cli.local.Strategy;
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
            change.accept(state);
            local.apply(state);
            return before;
        }
    }

    static String describe(LocalState state) {
        return switch (state.strategy) {
            case CANARY -> "canary " + state.canaryWeight + "%";
            case BLUEGREEN -> "bluegreen, " + state.blueGreenActive.color() + " (" + state.blueGreenActive.key() + ") active";
            case ROLLING -> "rolling";
        };
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
