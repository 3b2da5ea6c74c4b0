package dev.rolloutlab.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchiveTest {

    @TempDir
    Path tmp;

    private Path app() throws IOException {
        Path app = Files.createDirectories(tmp.resolve("services/sample-v1/target/quarkus-app"));
        Files.createDirectories(app.resolve("lib/main"));
        Files.writeString(app.resolve("quarkus-run.jar"), "runner");
        Files.writeString(app.resolve("lib/main/dep.jar"), "dependency");
        return app;
    }

    @Test
    void namedAfterTheModuleAndMappedOnlyOnceItExists() throws IOException {
        Path jar = app().resolve("quarkus-run.jar");
        ClassArchive archive = ClassArchive.of(tmp.resolve("cds"), jar);

        assertThat(archive.file().getFileName().toString()).startsWith("sample-v1-").endsWith(".jsa");
        assertThat(archive.useOptions()).isEmpty();
        Files.createDirectories(archive.file().getParent());
        Files.writeString(archive.file(), "archive");
        assertThat(archive.useOptions()).containsExactly("-XX:SharedArchiveFile=" + archive.file());
    }

    @Test
    void aRebuiltFileOfTheAppGivesANewArchive() throws IOException {
        Path app = app();
        String before = ClassArchive.fingerprint(app, "jdk");
        assertThat(ClassArchive.fingerprint(app, "jdk")).isEqualTo(before);

        Files.setLastModifiedTime(app.resolve("lib/main/dep.jar"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        String touched = ClassArchive.fingerprint(app, "jdk");
        Files.writeString(app.resolve("lib/main/dep.jar"), "dependency, longer");
        String resized = ClassArchive.fingerprint(app, "jdk");
        Files.writeString(app.resolve("lib/main/new.jar"), "added");
        String added = ClassArchive.fingerprint(app, "jdk");

        assertThat(java.util.List.of(before, touched, resized, added)).doesNotHaveDuplicates();
    }

    @Test
    void anotherJvmGivesANewArchive() throws IOException {
        Path app = app();
        assertThat(ClassArchive.fingerprint(app, "/usr/lib/jvm/a 17.0.1"))
                .isNotEqualTo(ClassArchive.fingerprint(app, "/usr/lib/jvm/a 17.0.2"));
    }
}
