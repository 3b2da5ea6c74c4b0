package dev.rolloutlab.sample.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisitCounterTest {

    @TempDir
    Path mount;

    @Test
    void startsEmptyAndCountsUp() throws IOException {
        VisitCounter counter = new VisitCounter();

        assertThat(counter.read(mount)).isEmpty();
        assertThat(counter.increment(mount)).isEqualTo(1);
        assertThat(counter.increment(mount)).isEqualTo(2);
        assertThat(counter.read(mount)).hasValue(2);
        assertThat(Files.readString(mount.resolve(VisitCounter.COUNTER_FILE))).isEqualTo("2\n");
    }

    @Test
    void hundredParallelIncrementsAddExactlyHundred() throws Exception {
        VisitCounter counter = new VisitCounter();
        counter.increment(mount);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Long>> visits = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                visits.add(() -> counter.increment(mount));
            }
            List<Long> results = new ArrayList<>();
            for (Future<Long> result : pool.invokeAll(visits)) {
                results.add(result.get());
            }
            assertThat(counter.read(mount)).hasValue(101);
            assertThat(results).doesNotHaveDuplicates().hasSize(100);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoCounterInstancesOnOneMountDoNotLoseVisits() throws Exception {
        // Across processes (two pods on one PVC) the file lock serializes; see the app's process test.
        VisitCounter podA = new VisitCounter();
        VisitCounter podB = new VisitCounter();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Long>> visits = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                visits.add(() -> podA.increment(mount));
                visits.add(() -> podB.increment(mount));
            }
            for (Future<Long> result : pool.invokeAll(visits)) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(podA.read(mount)).hasValue(100);
    }

    @Test
    void aCrashMidWriteLeavesTheOldValue() throws IOException {
        new VisitCounter().increment(mount);
        VisitCounter crashing = new VisitCounter((temp, content) -> {
            Files.write(temp, new byte[] {content[0]});
            throw new IOException("disk vanished mid-write");
        });

        assertThatThrownBy(() -> crashing.increment(mount)).hasMessageContaining("mid-write");

        assertThat(new VisitCounter().read(mount)).hasValue(1);
        try (Stream<Path> files = Files.list(mount)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(VisitCounter.COUNTER_FILE, VisitCounter.LOCK_FILE);
        }
    }

    @Test
    void aCorruptCounterIsReportedAndLeftAlone() throws IOException {
        Path file = mount.resolve(VisitCounter.COUNTER_FILE);
        Files.writeString(file, "forty-two");
        VisitCounter counter = new VisitCounter();

        assertThatThrownBy(() -> counter.increment(mount))
                .isInstanceOf(VisitCounter.CorruptCounterException.class)
                .hasMessageContaining("forty-two").hasMessageContaining("not a number");
        assertThat(Files.readString(file)).isEqualTo("forty-two");
    }
}
