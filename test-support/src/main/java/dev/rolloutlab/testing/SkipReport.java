package dev.rolloutlab.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Collects every skipped test (an aborted assumption, as {@link Requires} throws, or a disabled test)
 * and, when the test run ends, prints them grouped by reason under one header, and appends them to
 * {@code target/test-skips/<module>.txt} of the checkout, which the last module of the build prints
 * again as the build's list. Registered through META-INF/services, so every module whose tests have
 * test-support on their classpath reports its skips.
 */
public final class SkipReport implements TestExecutionListener {

    private final Map<String, List<String>> byReason = new LinkedHashMap<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        record(test, "disabled: " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            String reason = result.getThrowable().map(Throwable::getMessage).orElse("aborted");
            record(test, reason == null ? "aborted" : reason);
        }
    }

    private synchronized void record(TestIdentifier test, String reason) {
        String line = reason.lines().findFirst().orElse(reason).trim().replaceFirst("^Assumption failed: ", "");
        byReason.computeIfAbsent(line, r -> new ArrayList<>()).add(name(test));
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        if (byReason.isEmpty()) {
            return;
        }
        String module = module();
        List<String> lines = new ArrayList<>();
        byReason.forEach((reason, tests) -> lines.add(module + ": " + tests.size() + " skipped ("
                + shortList(tests) + "): " + reason));
        StringBuilder out = new StringBuilder("\n[skipped] ").append(module).append(": tests skipped because this machine lacks something"
                + " (" + Requires.ENV + "=true makes them fail):\n");
        lines.forEach(l -> out.append("[skipped]   ").append(l).append('\n'));
        System.out.print(out);
        System.out.flush();
        checkout().ifPresent(root -> {
            try {
                Path dir = root.resolve("target/test-skips");
                Files.createDirectories(dir);
                Files.write(dir.resolve(module.replace('/', '_') + ".txt"), lines, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("[skipped] cannot write the skip list: " + e);
            }
        });
        byReason.clear();
    }

    private static String shortList(List<String> tests) {
        List<String> distinct = tests.stream().distinct().toList();
        return distinct.size() <= 3 ? String.join(", ", distinct)
                : String.join(", ", distinct.subList(0, 3)) + " and " + (distinct.size() - 3) + " more";
    }

    private static String name(TestIdentifier test) {
        return test.getSource().map(source -> {
            if (source instanceof MethodSource m) {
                return simple(m.getClassName()) + "." + m.getMethodName();
            }
            if (source instanceof ClassSource c) {
                return simple(c.getClassName());
            }
            return test.getDisplayName();
        }).orElse(test.getDisplayName());
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** The checkout: the nearest directory up from the working directory that holds the Maven wrapper. */
    static Optional<Path> checkout() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static String module() {
        Path here = Path.of("").toAbsolutePath();
        return checkout().filter(root -> !root.equals(here)).map(root -> root.relativize(here).toString())
                .orElse(here.getFileName().toString());
    }
}
