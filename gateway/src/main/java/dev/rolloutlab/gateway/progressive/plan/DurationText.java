package dev.rolloutlab.gateway.progressive.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the routing file writes them: an integer and a unit, {@code 500ms}, {@code 30s},
 * {@code 2m}, {@code 1h}. Nothing else (no bare numbers: {@code 30} could mean seconds or
 * milliseconds, and a learner should not have to guess which).
 */
public final class DurationText {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private DurationText() {
    }

    /** {@code "30s"} -> 30 seconds; empty for anything that is not an integer with a unit. */
    public static Optional<Duration> parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text.trim());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        });
    }

    /** The routing file's form, in the largest unit that is exact: 30 s -> {@code "30s"}, 120 s -> {@code "2m"}. */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms > 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms > 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** For a sentence: {@code "30 s"}, {@code "500 ms"}, {@code "2 min"}, {@code "1 h"}. */
    public static String human(Duration duration) {
        long ms = duration.toMillis();
        if (ms >= 3_600_000 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + " h";
        }
        if (ms >= 120_000 && ms % 60_000 == 0) {
            return ms / 60_000 + " min";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        return ms + " ms";
    }

    /** Writes a Duration as {@code "30s"} in JSON (the rollout view, the persisted plan). */
    public static final class Json extends StdSerializer<Duration> {
        public Json() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }

    /** Reads {@code "30s"} back. */
    public static final class FromJson extends StdDeserializer<Duration> {
        public FromJson() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            return parse(text).orElseThrow(() -> context.weirdStringException(text, Duration.class,
                    "a duration like 30s, 500ms, 2m or 1h"));
        }
    }
}
