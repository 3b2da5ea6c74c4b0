package dev.rolloutlab.sample.v1.process;

import dev.rolloutlab.testing.AppProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Starts the packaged v1 app with its volumes under a temp dir, as a pod would have them mounted. */
final class SampleProcesses {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private SampleProcesses() {
    }

    /** @param overrides alternating keys and values of extra system properties */
    static AppProcess startV1(Path volumes, String... overrides) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        for (String mount : new String[] {"scratch", "node", "data"}) {
            Path dir = Files.createDirectories(volumes.resolve(mount));
            props.put("sample.volumes." + mount + ".path", dir.toString());
        }
        props.put("quarkus.log.handler.file.\"access\".path", volumes.resolve("scratch/access.log").toString());
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        return AppProcess.start(JAR, props);
    }
}
