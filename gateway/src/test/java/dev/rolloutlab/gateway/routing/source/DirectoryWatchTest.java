package dev.rolloutlab.gateway.routing.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch calls back for the entries it was asked about and for nothing else: a routing file
 * beside a busy log file is read when it changes, not on every line of the log.
 */
class DirectoryWatchTest {

    @TempDir
    Path dir;

    @Test
    void onlyChangesToTheRelevantEntryCallBack() throws Exception {
        Path routing = dir.resolve("routing.yaml");
        Path log = dir.resolve("app.log");
        AtomicInteger calls = new AtomicInteger();
        try (DirectoryWatch watch = DirectoryWatch.start(dir, name -> name.equals(routing.getFileName()), calls::incrementAndGet)) {
            for (int i = 0; i < 50; i++) {
                Files.writeString(log, "line " + i + "\n", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            Path temp = Files.writeString(dir.resolve("routing.tmp"), "strategy: rolling\n");
            Files.move(temp, routing, StandardCopyOption.ATOMIC_MOVE);

            await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 1);
            // The log's 50 writes and the temp file came before the rename: had any called back,
            // the count would have run ahead of the one relevant batch. Give late events a moment.
            Thread.sleep(300);
            assertThat(calls.get()).as("call-backs for one rename among 51 other changes").isEqualTo(1);
            assertThat(watch.active()).isTrue();
        }
    }

    @Test
    void theWatchEndsWhenClosed() throws Exception {
        DirectoryWatch watch = DirectoryWatch.start(dir, name -> true, () -> { });
        watch.close();
        assertThat(watch.active()).isFalse();
    }
}
