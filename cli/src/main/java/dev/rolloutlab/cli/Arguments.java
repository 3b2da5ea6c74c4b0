package dev.rolloutlab.cli;

import dev.rolloutlab.cli.local.AppVersion;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checks behind every argument picocli cannot check by type alone. Each failure is an
 * IllegalArgumentException whose message says what was given and what is accepted; commands
 * turn it into a usage error (exit code 2) before anything changes.
 */
public final class Arguments {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE");

    private Arguments() {
    }

    /** A canary weight: a whole percentage 0..100, {@code 10} or {@code 10%}. */
    public static int weight(String text) {
        String t = text == null ? "" : text.trim();
        if (t.endsWith("%")) {
            t = t.substring(0, t.length() - 1);
        }
        if (!t.matches("-?\\d{1,9}")) {
            throw new IllegalArgumentException("weight must be a whole number from 0 to 100 (got '" + text + "')");
        }
        int weight = Integer.parseInt(t);
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be from 0 to 100 percent (got " + weight + ")");
        }
        return weight;
    }

    /** The blue/green side to make active: {@code blue} (v1) or {@code green} (v2); v1/v2 work too. */
    public static AppVersion color(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("blue") || t.equals("green")) {
            return AppVersion.fromColor(t);
        }
        return AppVersion.parse(t).orElseThrow(() -> new IllegalArgumentException(
                "expected blue (v1) or green (v2), got '" + text + "'"));
    }

    public static AppVersion version(String text) {
        return AppVersion.parse(text).orElseThrow(() -> new IllegalArgumentException(
                "unknown version '" + text + "': known versions are " + AppVersion.known()));
    }

    public static int port(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535 (got " + port + ")");
        }
        return port;
    }

    public static int count(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + " (got " + value + ")");
        }
        return value;
    }

    /** max-surge and max-unavailable: whole numbers, not both 0 (the update could never move). */
    public static void surgeAndUnavailable(int maxSurge, int maxUnavailable) {
        if (maxSurge < 0) {
            throw new IllegalArgumentException("--max-surge must be 0 or more (got " + maxSurge + ")");
        }
        if (maxUnavailable < 0) {
            throw new IllegalArgumentException("--max-unavailable must be 0 or more (got " + maxUnavailable + ")");
        }
        if (maxSurge == 0 && maxUnavailable == 0) {
            throw new IllegalArgumentException("--max-surge and --max-unavailable cannot both be 0: no instance could be replaced");
        }
    }

    public static Duration duration(String option, String text, Duration min, Duration max) {
        Duration duration;
        try {
            duration = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw new IllegalArgumentException(option + " must be from " + Durations.human(min) + " to "
                    + Durations.human(max) + " (got " + text + ")");
        }
        return duration;
    }

    /** A rate in requests per second, above 0 and at most 5000. */
    public static double rate(String text) {
        double rate;
        try {
            rate = Double.parseDouble(text.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("--rate must be a number of requests per second (got '" + text + "')");
        }
        if (!(rate > 0) || rate > 5000 || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be more than 0 and at most 5000 requests per second (got " + text + ")");
        }
        return rate;
    }

    /** An error-rate limit: {@code 0.01} or {@code 1%}, from 0 to 1. */
    public static double errorRate(String text) {
        return fraction("--max-error-rate", text);
    }

    /** A share of requests, as a fraction {@code 0.2} or a percentage {@code 20%}: from 0 to 1. */
    public static double fraction(String option, String text) {
        String t = text == null ? "" : text.trim();
        boolean percent = t.endsWith("%");
        double value;
        try {
            value = Double.parseDouble(percent ? t.substring(0, t.length() - 1) : t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a fraction like 0.01 or a percentage like 1% (got '" + text + "')");
        }
        if (percent) {
            value /= 100;
        }
        if (!(value >= 0) || value > 1) {
            throw new IllegalArgumentException(option + " must be from 0 to 1 (0% to 100%) (got " + text + ")");
        }
        return value == 0 ? 0.0 : value; // "-0" passes the check above as -0.0, which would print as "-0.0"
    }

    /**
     * A canary's steps: {@code 10,25,50}, whole percentages from 1 to 99, strictly increasing (100
     * is where every rollout ends, after the last step), at most 10 of them.
     */
    public static List<Integer> steps(String text) {
        String t = text == null ? "" : text.trim();
        if (!t.matches("\\d{1,3}%?(\\s*,\\s*\\d{1,3}%?)*")) {
            throw new IllegalArgumentException("--steps must be weights like 10,25,50 (got '" + text + "')");
        }
        List<Integer> steps = new ArrayList<>();
        for (String part : t.split("\\s*,\\s*")) {
            int weight = Integer.parseInt(part.replace("%", ""));
            if (weight < 1 || weight > 99) {
                throw new IllegalArgumentException("--steps: each weight must be from 1 to 99 (100 follows the last step; got " + weight + ")");
            }
            if (!steps.isEmpty() && weight <= steps.get(steps.size() - 1)) {
                throw new IllegalArgumentException("--steps must increase: " + weight + " after " + steps.get(steps.size() - 1)
                        + " (got '" + text + "')");
            }
            steps.add(weight);
        }
        if (steps.size() > 10) {
            throw new IllegalArgumentException("--steps: at most 10 steps (got " + steps.size() + ")");
        }
        return steps;
    }

    /** How long each canary step is held: a duration, or {@code manual} (wait for ./rollout-lab promote); empty = manual. */
    public static Optional<Duration> hold(String option, String text) {
        if (text != null && text.trim().equalsIgnoreCase("manual")) {
            return Optional.empty();
        }
        try {
            return Optional.of(duration(option, text, Duration.ZERO, Duration.ofHours(24)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " must be a duration like 30s, or manual (got '" + text + "')");
        }
    }

    /** A whole number from {@code min} to {@code max}, typed as text so a bad one gets this message. */
    public static int whole(String option, String text, int min, int max) {
        String t = text == null ? "" : text.trim();
        if (!t.matches("-?\\d{1,9}")) {
            throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max + " (got '" + text + "')");
        }
        int value = Integer.parseInt(t);
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be from " + min + " to " + max + " (got " + value + ")");
        }
        return value;
    }

    public static URI url(String text) {
        return url("--url", text, "http://localhost:8080/api/identity");
    }

    /** A gateway's base address, e.g. a port-forwarded one: {@code http://localhost:8080}. */
    public static URI gateway(String text) {
        return url("--gateway", text, "http://localhost:8080");
    }

    private static URI url(String option, String text, String example) {
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be an http(s) URL like " + example + " (got '" + text + "')");
    }

    public static String method(String text) {
        String method = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("--method must be one of GET, HEAD, POST, PUT, DELETE (got '" + text + "')");
        }
        return method;
    }
}
