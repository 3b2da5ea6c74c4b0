package dev.rolloutlab.gateway.progressive;

import dev.rolloutlab.gateway.progressive.decision.GroupNumbers;
import dev.rolloutlab.gateway.progressive.decision.IntervalReport;
import dev.rolloutlab.gateway.progressive.decision.Phase;
import dev.rolloutlab.gateway.progressive.decision.RolloutEvent;
import dev.rolloutlab.gateway.progressive.decision.RolloutState;
import dev.rolloutlab.gateway.progressive.decision.Verdict;
import dev.rolloutlab.gateway.progressive.plan.Kind;
import dev.rolloutlab.gateway.progressive.state.FileRolloutStore;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A gateway that restarts onto a state file written before it started, as one killed mid-rollout
 * finds it: each profile writes its state, and points the gateway at it and at a routing file
 * of its own that the test writes once the upstreams run.
 */
final class PersistedRollouts {

    static final String REVISION = "resume-2.0.0";
    static final long EARLIER = System.currentTimeMillis() - 60_000;

    private PersistedRollouts() {
    }

    static Path directory(String name) {
        return Path.of("target", name).toAbsolutePath();
    }

    static Map<String, String> gatewayWith(String name, RolloutState state) {
        Path dir = directory(name);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve("routing.yaml"));
            new FileRolloutStore(dir.resolve("rollout-state.json")).write(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("gateway.rollout.state-file", dir.resolve("rollout-state.json").toString(),
                "gateway.routing.file", dir.resolve("routing.yaml").toString());
    }

    private static RolloutEvent event(String type, Phase phase, int step, int weight, String message) {
        return new RolloutEvent(EARLIER, type, phase, step, weight, message);
    }

    /** At step 2 (25 %), one failed interval counted before the crash. */
    static RolloutState atStepTwoWithOneFailure() {
        IntervalReport failed = new IntervalReport(EARLIER, 1, 25, new GroupNumbers("v2", 50, 9, 18.0, 12),
                new GroupNumbers("v1", 150, 0, 0.0, 9), Verdict.FAILED, "v2 18.0 % errors > 5 %");
        return new RolloutState(Kind.CANARY, REVISION, "v2", Phase.PROGRESSING, 1, 25, 1, 0, 1, Verdict.FAILED, EARLIER,
                EARLIER, EARLIER + 10_000, null, false, List.of(failed), List.of(
                        event("started", Phase.STARTING, -1, 0, "started"),
                        event("step", Phase.PROGRESSING, 0, 10, "step 1 of 3: 10 % to v2"),
                        event("step", Phase.PROGRESSING, 1, 25, "step 2 of 3: 25 % to v2"),
                        event("verdict", Phase.PROGRESSING, 1, 25, "interval failed: v2 18.0 % errors > 5 %")));
    }

    static RolloutState aborted() {
        return new RolloutState(Kind.CANARY, REVISION, "v2", Phase.ABORTED, 0, 0, 2, 0, 0, Verdict.FAILED, EARLIER,
                EARLIER, 0, "v2 18.0 % errors > 5 % (2 failed intervals > limit 1)", false, List.of(), List.of(
                        event("aborted", Phase.ABORTED, 0, 0, "aborted: v2 18.0 % errors > 5 %")));
    }

    public static class AtStepTwo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return gatewayWith("resume-step-two", atStepTwoWithOneFailure());
        }
    }

    /** A state file that is not JSON: what a disk that filled up mid-write could leave. */
    public static class Corrupt implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> settings = gatewayWith("resume-corrupt", aborted());
            try {
                Files.deleteIfExists(directory("resume-corrupt").resolve("rollout-state.json.corrupt"));
                Files.writeString(directory("resume-corrupt").resolve("rollout-state.json"), "{\"phase\": \"abor");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return settings;
        }
    }

    public static class Aborted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return gatewayWith("resume-aborted", aborted());
        }
    }
}
