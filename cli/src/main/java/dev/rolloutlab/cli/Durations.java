package dev.rolloutlab.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them: {@code 500ms}, {@code 30s}, {@code 2m}, or a plain number of seconds. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");

    private Durations() {
    }

    /** Parses {@code text}, or throws IllegalArgumentException with a message that shows the accepted forms. */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 500ms, 30s or 2m");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            default -> amount * 1000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /** How a duration goes back on a Quarkus command line ({@code 1500ms}): exact, and accepted there. */
    public static String toConfig(Duration duration) {
        return duration.toMillis() + "ms";
    }

    /**
     * How a duration goes into the gateway's routing file, whose durations are a whole number and
     * a unit: {@code 30s} when it is whole seconds, else {@code 1500ms}.
     */
    public static String toRouting(Duration duration) {
        long ms = duration.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    public static String human(Duration duration) {
        long ms = duration.toMillis();
        return ms < 1000 ? ms + "ms" : String.format("%.1fs", ms / 1000.0);
    }
}
