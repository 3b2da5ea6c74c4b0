package dev.rolloutlab.gateway.progressive.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolloutlab.gateway.progressive.decision.GroupNumbers;
import dev.rolloutlab.gateway.progressive.decision.IntervalReport;
import dev.rolloutlab.gateway.progressive.decision.Phase;
import dev.rolloutlab.gateway.progressive.decision.RolloutEvent;
import dev.rolloutlab.gateway.progressive.decision.RolloutState;
import dev.rolloutlab.gateway.progressive.decision.Verdict;
import dev.rolloutlab.gateway.progressive.plan.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRolloutStoreTest {

    @TempDir
    Path dir;

    static RolloutState progressing() {
        IntervalReport report = new IntervalReport(1_764_640_000_000L, 1, 25, new GroupNumbers("v2", 50, 9, 18.0, 12.0),
                new GroupNumbers("v1", 450, 0, 0.0, 9.0), Verdict.FAILED, "v2 18.0 % errors > 5 %");
        RolloutEvent event = new RolloutEvent(1_764_640_000_000L, "verdict", Phase.PROGRESSING, 1, 25,
                "interval failed: v2 18.0 % errors > 5 % (stable 0.0 %)");
        return new RolloutState(Kind.CANARY, "2.0.0", "v2", Phase.PROGRESSING, 1, 25, 1, 0, 1, Verdict.FAILED,
                1_764_639_990_000L, 1_764_639_980_000L, 1_764_640_010_000L, null, false, List.of(report), List.of(event));
    }

    @Test
    void nothingWrittenYetReadsAsNone() throws Exception {
        assertThat(new FileRolloutStore(dir.resolve("state.json")).read()).isEmpty();
    }

    @Test
    void writesAndReadsBackEveryField() throws Exception {
        FileRolloutStore store = new FileRolloutStore(dir.resolve("sub/state.json"));
        store.write(progressing());

        assertThat(new FileRolloutStore(dir.resolve("sub/state.json")).read()).contains(progressing());
        assertThat(Files.readString(dir.resolve("sub/state.json"))).contains("\"phase\" : \"progressing\"");
    }

    @Test
    void aWriteReplacesTheFileWholeAndLeavesNoTemporaryFileBehind() throws Exception {
        Path file = dir.resolve("state.json");
        FileRolloutStore store = new FileRolloutStore(file);
        store.write(progressing());
        RolloutState aborted = new RolloutState(Kind.CANARY, "2.0.0", "v2", Phase.ABORTED, 1, 0, 2, 0, 0, null, 0, 0, 0,
                "aborted by command", false, List.of(), List.of());
        store.write(aborted);

        assertThat(store.read()).contains(aborted);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
        }
    }

    @Test
    void aCorruptFileIsKeptAsideAndReported() throws Exception {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\"phase\": \"progres");
        FileRolloutStore store = new FileRolloutStore(file);

        assertThatThrownBy(store::read).isInstanceOf(RolloutStore.UnreadableStateException.class)
                .hasMessageContaining("is not a rollout state").hasMessageContaining("state.json.corrupt");
        assertThat(dir.resolve("state.json.corrupt")).hasContent("{\"phase\": \"progres");
        assertThat(store.read()).isEmpty();
    }

    @Test
    void jsonThatIsNoStateIsCorruptToo() throws Exception {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\"weight\": 10}");

        assertThatThrownBy(new FileRolloutStore(file)::read).isInstanceOf(RolloutStore.UnreadableStateException.class)
                .hasMessageContaining("no phase");
    }
}
