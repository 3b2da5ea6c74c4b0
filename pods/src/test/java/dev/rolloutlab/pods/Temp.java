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
