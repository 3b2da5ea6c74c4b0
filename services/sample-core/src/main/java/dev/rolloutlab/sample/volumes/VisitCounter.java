package dev.rolloutlab.sample.volumes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A visit counter kept in a file ({@value #COUNTER_FILE}) in a mounted directory.
 *
 * <p>Exact under concurrency: increments on one directory are serialized by a lock in this JVM
 * and by a file lock across processes, since several pods (v1 and v2) can share a hostPath or PVC. Never corrupt:
 * the new value goes to a temp file in the same directory, which then replaces the counter
 * file by an atomic move, so a crash mid-write leaves the old value in place.
 */
public class VisitCounter {

    public static final String COUNTER_FILE = "visits.count";
    static final String LOCK_FILE = ".visits.lock";

    /** Writes the bytes of a temp file; a seam so tests can simulate a crash mid-write. */
    @FunctionalInterface
    interface TempWriter {
        void write(Path temp, byte[] content) throws IOException;
    }

    /** One per directory for the whole JVM: a file lock guards against other processes only. */
    private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();
    private final TempWriter tempWriter;

    public VisitCounter() {
        this(VisitCounter::writeDurably);
    }

    VisitCounter(TempWriter tempWriter) {
        this.tempWriter = tempWriter;
    }

    /** The count in {@code dir}, or empty when nobody has visited yet. */
    public OptionalLong read(Path dir) throws IOException {
        Path file = dir.resolve(COUNTER_FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new CorruptCounterException(file, text);
        }
    }

    /** Adds one visit to the counter in {@code dir} and returns the new count. */
    public long increment(Path dir) throws IOException {
        Path key = dir.toAbsolutePath().normalize();
        synchronized (LOCKS.computeIfAbsent(key, k -> new Object())) {
            try (FileChannel lockChannel = FileChannel.open(key.resolve(LOCK_FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockChannel.lock()) {
                long next = read(key).orElse(0) + 1;
                replaceAtomically(key.resolve(COUNTER_FILE), (next + "\n").getBytes(StandardCharsets.US_ASCII));
                return next;
            }
        }
    }

    private void replaceAtomically(Path target, byte[] content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), COUNTER_FILE + ".", ".tmp");
        try {
            tempWriter.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void writeDurably(Path temp, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(content));
            channel.force(true);
        }
    }

    /** The counter file holds something that is not a number; it is left as it is for a human to look at. */
    public static final class CorruptCounterException extends IOException {
        CorruptCounterException(Path file, String content) {
            super(file + " holds '" + abbreviate(content) + "', not a number; delete it to start counting again");
        }

        private static String abbreviate(String text) {
            return text.length() <= 40 ? text : text.substring(0, 40) + "...";
        }
    }
}
