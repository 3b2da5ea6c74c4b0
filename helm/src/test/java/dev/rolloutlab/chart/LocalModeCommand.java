package dev.rolloutlab.chart;

import dev.rolloutlab.cli.Arguments;
import dev.rolloutlab.cli.Console;
import dev.rolloutlab.cli.RolloutLab;
import dev.rolloutlab.cli.commands.BlueGreenCommand;
import dev.rolloutlab.cli.commands.CanaryCommand;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Checks a {@code ./rollout-lab} command as the labs write it with the CLI itself: picocli's
 * parser (command names, options, required options) and the CLI's own argument checks
 * ({@link Arguments}), so a renamed command or option breaks the build, without running anything.
 */
final class LocalModeCommand {

    private static final Console SILENT = new Console(new PrintStream(OutputStream.nullOutputStream()),
            new PrintStream(OutputStream.nullOutputStream()), false);

    /** The CLI's commands, as users type them. */
    static final Set<String> NAMES = names();

    private LocalModeCommand() {
    }

    /** What is wrong with {@code ./rollout-lab <args>}, or empty when it is a valid command. */
    static Optional<String> problem(List<String> args) {
        ParseResult parsed;
        try {
            parsed = cli().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return Optional.of(e.getMessage());
        }
        if (!parsed.hasSubcommand()) {
            return Optional.of("no command; expected one of " + NAMES);
        }
        ParseResult command = parsed.subcommand();
        try {
            switch (command.commandSpec().name()) {
                case "canary" -> {
                    if (command.hasMatchedOption("--auto")) {
                        ((CanaryCommand) command.commandSpec().userObject()).progressive();
                    } else {
                        Arguments.weight(command.matchedPositionalValue(0, null));
                    }
                }
                case "bluegreen" -> {
                    Arguments.color(command.matchedPositionalValue(0, null));
                    if (command.hasMatchedOption("--auto")) {
                        ((BlueGreenCommand) command.commandSpec().userObject()).progressive();
                    }
                }
                case "fault" -> {
                    Arguments.version(command.matchedPositionalValue(0, null));
                    String errorRate = command.matchedOptionValue("--error-rate", null);
                    if (errorRate != null) {
                        Arguments.fraction("--error-rate", errorRate);
                    }
                }
                case "rolling" -> Arguments.version(command.matchedPositionalValue(0, null));
                case "load" -> {
                    Arguments.rate(command.matchedOptionValue("--rate", null));
                    Arguments.duration("--duration", command.matchedOptionValue("--duration", null),
                            java.time.Duration.ofMillis(100), java.time.Duration.ofHours(24));
                    String errorRate = command.matchedOptionValue("--max-error-rate", null);
                    if (errorRate != null) {
                        Arguments.errorRate(errorRate);
                    }
                }
                default -> { }
            }
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    private static CommandLine cli() {
        CommandLine cli = new CommandLine(new RolloutLab(SILENT));
        cli.getSubcommands().get("canary").setUnmatchedOptionsArePositionalParams(true);
        return cli;
    }

    private static Set<String> names() {
        Set<String> names = new TreeSet<>(cli().getSubcommands().keySet());
        names.remove("help");
        return names;
    }
}
