package dev.rolloutlab.cli.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The AppCDS archive of one packaged app ({@code target/quarkus-app}): the classes a start loads,
 * written by the JVM at the exit of a training start, mapped by later starts instead of being
 * loaded and verified again (about a third of a start-up; bench/startup.sh). Its file name holds
 * a fingerprint of every file of the app and of the JVM, so a rebuilt jar or another JDK gets a
 * new archive instead of one the JVM would reject.
 */
record ClassArchive(Path file) {

    /** The archive for the app whose {@code quarkus-run.jar} is {@code jar}, under {@code dir}. */
    static ClassArchive of(Path dir, Path jar) {
        Path app = jar.toAbsolutePath().getParent();
        String jvm = System.getProperty("java.home") + " " + System.getProperty("java.vm.version");
        return new ClassArchive(dir.resolve(moduleOf(jar) + "-" + fingerprint(app, jvm) + ".jsa"));
    }

    /** The module of {@code <module>/target/quarkus-app/quarkus-run.jar}: the archives' name prefix. */
    static String moduleOf(Path jar) {
        return jar.toAbsolutePath().getParent().getParent().getParent().getFileName().toString();
    }

    boolean exists() {
        return Files.isRegularFile(file);
    }

    /** The options a start adds: map the archive when there is one, nothing otherwise. */
    List<String> useOptions() {
        return exists() ? List.of("-XX:SharedArchiveFile=" + file) : List.of();
    }

    /** The options of a training start: write the archive (to {@code part}) at exit, quietly. */
    static List<String> trainingOptions(Path part) {
        return List.of("-XX:ArchiveClassesAtExit=" + part, "-Xlog:cds=off");
    }

    /** Path, size and modification time of every file of the app, and the JVM (home and version). */
    static String fingerprint(Path app, String jvm) {
        try (Stream<Path> files = Files.walk(app)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(jvm.getBytes(StandardCharsets.UTF_8));
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String line = app.relativize(file) + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis() + "\n";
                digest.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
