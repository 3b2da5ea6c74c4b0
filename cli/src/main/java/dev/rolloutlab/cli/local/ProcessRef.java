package dev.rolloutlab.cli.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process recorded in the state file: its PID plus its start time, so a later command never
 * signals an unrelated process that happens to reuse the PID after a reboot or a crash.
 */
public record ProcessRef(long pid, long startedAtMillis) {

    /** Start times read back from /proc can differ by a few ms from what was recorded. */
    private static final long START_TOLERANCE_MILLIS = 2000;

    public static ProcessRef of(ProcessHandle handle) {
        long started = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new ProcessRef(handle.pid(), started);
    }

    /** The live process this record names, if it is still the same process. */
    public Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> {
            long started = h.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            return startedAtMillis == 0 || started == 0 || Math.abs(started - startedAtMillis) < START_TOLERANCE_MILLIS;
        });
    }

    public boolean alive() {
        return live().isPresent();
    }

    /** SIGTERM: the signal the kubelet sends first; the app drains gracefully. */
    public void terminate() {
        live().ifPresent(ProcessHandle::destroy);
    }

    /** SIGKILL: no graceful shutdown at all. */
    public void kill() {
        live().ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Waits until the process is gone; true when it exited within the timeout. */
    public boolean awaitExit(Duration timeout) {
        Optional<ProcessHandle> handle = live();
        if (handle.isEmpty()) {
            return true;
        }
        try {
            handle.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.get().isAlive();
        } catch (ExecutionException e) {
            return !handle.get().isAlive();
        }
    }
}
