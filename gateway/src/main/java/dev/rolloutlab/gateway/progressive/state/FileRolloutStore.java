package dev.rolloutlab.gateway.progressive.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rolloutlab.gateway.progressive.decision.RolloutState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The state as a JSON file (local mode: {@code .rollout-lab/rollout-state.json}). Written to a
 * temporary file beside it and moved over it, so a gateway killed mid-write leaves the old state
 * or the new one, never half of one. A file that is not a state is moved aside to
 * {@code <name>.corrupt}, kept for a human to look at, and reported.
 */
public final class FileRolloutStore implements RolloutStore {

    private final Path file;

    public FileRolloutStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public Optional<RolloutState> read() throws IOException, UnreadableStateException {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(StateJson.read(json));
        } catch (JsonProcessingException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            throw new UnreadableStateException("state file " + file + " is not a rollout state ("
                    + e.getOriginalMessage() + "); kept as " + aside + ", starting without it");
        }
    }

    @Override
    public void write(RolloutState state) throws IOException {
        Path directory = file.getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, StateJson.write(state), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public String describe() {
        return "file " + file;
    }
}
