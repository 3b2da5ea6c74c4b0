package dev.rolloutlab.pods;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Temp directories and files these tests make, readable by uid 185, removed when the test JVM exits. */
final class Temp {

    private static final List<Path> MADE = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Temp::removeAll));
    }

    private Temp() {
    }

    static synchronized Path dir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        MADE.add(dir);
        return dir;
    }

    /**
     * A copy of {@code source} (a directory tree) in a new temp directory that any user can read and
     * traverse: a test that runs something as another user (uid 185) runs it from there, since that
     * user may not enter the checkout (cloned under /root or a 0700 home directory). Returns the copy.
     */
    static Path readableCopy(Path source, String prefix) throws IOException {
        Path copy = dir(prefix).resolve(source.getFileName().toString());
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path from : walk.toList()) {
                Path to = copy.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(from, to);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
        return copy;
    }

    static synchronized Path file(String prefix, String suffix) throws IOException {
        Path file = Files.createTempFile(prefix, suffix);
        MADE.add(file);
        return file;
    }

    private static synchronized void removeAll() {
        for (Path path : MADE) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException ignored) {
                // best effort at exit
            }
        }
    }
}
