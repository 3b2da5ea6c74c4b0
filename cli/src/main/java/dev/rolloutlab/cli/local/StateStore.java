package dev.rolloutlab.cli.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rolloutlab.cli.CliException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The state directory ({@code .rollout-lab/}): state.json, the routing file the gateway watches,
 * logs and the apps' volumes. Files are replaced by an atomic move so the gateway (which watches
 * the routing file) and other commands never see half a file.
 */
public final class StateStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    public StateStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    public Path stateFile() {
        return dir.resolve("state.json");
    }

    public Path routingFile() {
        return dir.resolve("routing.yaml");
    }

    /** Where the gateway keeps its rollout's state (phase, step, failures), so a restarted gateway resumes it. */
    public Path rolloutStateFile() {
        return dir.resolve("rollout-state.json");
    }

    public Path logs() {
        return dir.resolve("logs");
    }

    public Path volumes() {
        return dir.resolve("volumes");
    }

    public Optional<LocalState> load() {
        if (!Files.isRegularFile(stateFile())) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(stateFile().toFile(), LocalState.class));
        } catch (IOException e) {
            throw new CliException("cannot read " + stateFile() + " (" + e.getMessage()
                    + "); stop leftover processes by hand and delete it");
        }
    }

    /** The running local mode, or a clear error when there is none. */
    public LocalState require() {
        return load().orElseThrow(() -> new CliException(
                "local mode is not running (no " + stateFile() + "): start it with ./rollout-lab up"));
    }

    public void save(LocalState state) {
        try {
            writeAtomically(stateFile(), JSON.writeValueAsString(state));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(stateFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeRouting(String yaml) {
        writeAtomically(routingFile(), yaml);
    }

    public void writeAtomically(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            Files.writeString(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Only one command changes the rollout at a time: a {@code canary 50} typed while a rolling
     * update runs in another terminal is refused instead of racing it.
     */
    public AutoCloseable lock(String command) {
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new CliException("another ./rollout-lab command is changing the rollout right now; "
                        + "wait for it to finish, then run " + command + " again");
            }
            FileLock held = lock;
            return () -> {
                held.release();
                channel.close();
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
