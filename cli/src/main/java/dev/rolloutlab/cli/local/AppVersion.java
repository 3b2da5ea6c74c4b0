package dev.rolloutlab.cli.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The two sample versions local mode runs; in blue/green, v1 is blue and v2 is green (their colors). */
public enum AppVersion {
    V1("v1", "1.0.0", "blue", "services/sample-v1"),
    V2("v2", "2.0.0", "green", "services/sample-v2");

    private final String key;
    private final String semver;
    private final String color;
    private final String module;

    AppVersion(String key, String semver, String color, String module) {
        this.key = key;
        this.semver = semver;
        this.color = color;
        this.module = module;
    }

    /** The name used on the command line and as the gateway group: {@code v1}, {@code v2}. */
    public String key() {
        return key;
    }

    /** What the app reports in {@code X-App-Version}. */
    public String semver() {
        return semver;
    }

    public String color() {
        return color;
    }

    public Path jar(Path home) {
        return home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public AppVersion other() {
        return this == V1 ? V2 : V1;
    }

    /** Accepts {@code v1}, {@code 1}, {@code 1.0.0} (any case). */
    public static Optional<AppVersion> parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(v -> t.equals(v.key) || t.equals(v.key.substring(1)) || t.equals(v.semver))
                .findFirst();
    }

    public static AppVersion fromColor(String color) {
        return Arrays.stream(values()).filter(v -> v.color.equals(color)).findFirst().orElseThrow();
    }

    public static String known() {
        return Arrays.stream(values()).map(AppVersion::key).collect(Collectors.joining(", "));
    }
}
