package dev.rolloutlab.cli;

import dev.rolloutlab.cli.commands.BlueGreenCommand;
import dev.rolloutlab.cli.commands.CanaryCommand;
import dev.rolloutlab.cli.commands.DownCommand;
import dev.rolloutlab.cli.commands.FaultCommand;
import dev.rolloutlab.cli.commands.LoadCommand;
import dev.rolloutlab.cli.commands.PreviewCommand;
import dev.rolloutlab.cli.commands.RollingCommand;
import dev.rolloutlab.cli.commands.RolloutCommands;
import dev.rolloutlab.cli.commands.StatusCommand;
import dev.rolloutlab.cli.commands.UpCommand;
import dev.rolloutlab.cli.commands.WatchCommand;
import dev.rolloutlab.cli.local.LocalMode;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code ./rollout-lab}: local mode and the load tool. */
@Command(name = "rollout-lab", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "rollout-lab 0.1.0",
        description = "Kubernetes deployment strategies on one machine (local mode), and a load tool for it or a cluster.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, CanaryCommand.class,
                BlueGreenCommand.class, PreviewCommand.class, RollingCommand.class, FaultCommand.class, WatchCommand.class,
                RolloutCommands.Promote.class, RolloutCommands.Abort.class, RolloutCommands.Retry.class,
                RolloutCommands.Pause.class, RolloutCommands.Resume.class, LoadCommand.class, CommandLine.HelpCommand.class})
public final class RolloutLab {

    /** Usage errors (a bad argument): nothing was changed. */
    public static final int USAGE = 2;

    private final Console console;

    @Option(names = "--state-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Local mode's state, routing file, logs and volumes (default: $ROLLOUT_LAB_STATE_DIR, else .rollout-lab in the repository).")
    private Path stateDir;

    public RolloutLab(Console console) {
        this.console = console;
    }

    public static void main(String[] args) {
        System.exit(run(Console.system(), args));
    }

    /** Runs one command line and returns its exit code (tests call this in-process). */
    public static int run(Console console, String... args) {
        CommandLine cli = new CommandLine(new RolloutLab(console));
        cli.setOut(new PrintWriter(console.out(), true));
        cli.setErr(new PrintWriter(console.err(), true));
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(console.colors() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        // "canary -1" must reach the weight check (and its message), not fail as an unknown option.
        cli.getSubcommands().get("canary").setUnmatchedOptionsArePositionalParams(true);
        cli.setParameterExceptionHandler((e, args1) -> {
            console.error(e.getMessage());
            CommandLine command = e.getCommandLine();
            console.err().println("usage: " + command.getHelp().synopsis(0).trim());
            console.err().println("see: ./rollout-lab " + (command.getParent() == null ? "" : command.getCommandName() + " ") + "--help");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof CliException failure) {
                console.error(failure.getMessage());
                return failure.exitCode();
            }
            console.error(e.toString());
            e.printStackTrace(console.err());
            return 1;
        });
        return cli.execute(args);
    }

    public Console console() {
        return console;
    }

    /** The repository: where the packaged apps are (./rollout-lab passes it; else the working directory). */
    public Path home() {
        return Path.of(System.getProperty("rollout-lab.home", ".")).toAbsolutePath().normalize();
    }

    public LocalMode local() {
        return new LocalMode(home(), stateDir(stateDir, System.getenv(STATE_DIR_ENV), home()), console);
    }

    /** Sets the state directory for every command of a process (labs/run.sh --local gives each lab its own). */
    public static final String STATE_DIR_ENV = "ROLLOUT_LAB_STATE_DIR";

    /** {@code --state-dir}, else {@code $ROLLOUT_LAB_STATE_DIR} (when set and not empty), else .rollout-lab in the repository. */
    static Path stateDir(Path option, String environment, Path home) {
        if (option != null) {
            return option;
        }
        if (environment != null && !environment.isBlank()) {
            return Path.of(environment).toAbsolutePath().normalize();
        }
        return home.resolve(".rollout-lab");
    }
}
