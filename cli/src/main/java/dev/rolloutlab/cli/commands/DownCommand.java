package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.Arguments;
import dev.rolloutlab.cli.local.LocalMode;
import dev.rolloutlab.cli.local.LocalState;
import dev.rolloutlab.cli.local.ProcessRef;
import dev.rolloutlab.cli.local.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "down", description = "Stop every process local mode started: SIGTERM, then SIGKILL after the timeout.")
public final class DownCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "20s", description = "how long to wait before SIGKILL (default: ${DEFAULT-VALUE})")
    String timeoutText;

    @Override
    public Integer call() {
        Duration timeout = check(() -> Arguments.duration("--timeout", timeoutText, Duration.ZERO, Duration.ofMinutes(5)));
        LocalMode local = root.local();
        StateStore store = local.store();
        Optional<LocalState> loaded = store.load();
        if (loaded.isEmpty()) {
            console().println("nothing to stop: local mode is not running");
            return 0;
        }
        LocalState state = loaded.get();
        List<ProcessRef> running = state.processes().stream().filter(ProcessRef::alive).toList();
        console().println("stopping " + running.size() + " processes (SIGTERM, SIGKILL after " + timeout.toSeconds() + " s) ...");
        int killed = LocalMode.stopAll(running, timeout);
        store.delete();
        // The `up` still waiting in its terminal: its own stop finds nothing left and it exits.
        if (state.supervisor != null && state.supervisor.pid() != ProcessHandle.current().pid()) {
            state.supervisor.terminate();
        }
        console().println(console().green("stopped") + (killed > 0 ? " (" + killed + " needed SIGKILL)" : "")
                + console().dim("; logs stay in " + store.logs()));
        return 0;
    }
}
