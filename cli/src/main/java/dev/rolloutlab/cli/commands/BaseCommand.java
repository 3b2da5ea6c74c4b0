package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.Console;
import dev.rolloutlab.cli.RolloutLab;
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

    /** Runs an argument check; its failure becomes a usage error (exit code 2) naming the problem. */
    <T> T check(Supplier<T> argumentCheck) {
        try {
            return argumentCheck.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
