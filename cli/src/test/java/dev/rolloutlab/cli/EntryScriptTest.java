package dev.rolloutlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entry script {@code ./rollout-lab} refuses a Java older than 17 before it builds or runs
 * anything, and learns the version from the JDK's {@code release} file without starting a JVM
 * (every command pays for that check). The JDKs here are stand-ins: only a 17 and a 25 are
 * installed, and the check must see other versions.
 */
class EntryScriptTest {

    private static final Path SCRIPT = Path.of("..", "rollout-lab").toAbsolutePath().normalize();

    @TempDir
    Path jdk;

    @Test
    void readsTheVersionFromTheReleaseFileWithoutStartingJava() throws Exception {
        Path ran = jdk.resolve("java-ran");
        fakeJava("touch " + ran + "; echo 'openjdk version \"17.0.1\"' >&2");
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Someone\"\nJAVA_VERSION=\"11.0.2\"\n");

        Result result = run();

        assertThat(result.exit).isEqualTo(1);
        assertThat(result.stderr).contains("Java 11 found, rollout-lab needs 17 or newer");
        assertThat(ran).doesNotExist();
    }

    @Test
    void asksJavaWhenThereIsNoReleaseFile() throws Exception {
        fakeJava("echo 'java version \"1.8.0_292\"' >&2");

        Result result = run();

        assertThat(result.exit).isEqualTo(1);
        assertThat(result.stderr).contains("Java 8 found, rollout-lab needs 17 or newer");
    }

    @Test
    void aJavaThatDoesNotRunIsNamed() throws Exception {
        fakeJava("exit 1");

        Result result = run();

        assertThat(result.exit).isEqualTo(1);
        assertThat(result.stderr).contains(jdk.resolve("bin/java") + " does not run; set JAVA_HOME to a JDK 17 or newer");
    }

    private void fakeJava(String body) throws IOException {
        Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Result run() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "--version");
        builder.environment().put("JAVA_HOME", jdk.toString());
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), stderr);
    }

    private record Result(int exit, String stderr) {}
}
