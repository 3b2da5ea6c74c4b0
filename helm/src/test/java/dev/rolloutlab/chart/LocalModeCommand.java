package dev.rolloutlab.chart;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The shape of a {@code ./rollout-lab} command as the labs may write it: the command names and
 * their arguments. This is a stand-in: once the CLI module exists, its own (picocli) parser is the
 * source of truth, and {@link #problem(List)} should hand the arguments to that parser instead.
 * Keep the two in step until then.
 */
final class LocalModeCommand {

    static final Set<String> NAMES = Set.of("up", "down", "status", "canary", "bluegreen", "preview", "rolling", "load");

    private LocalModeCommand() {
    }

    /** What is wrong with {@code ./rollout-lab <args>}, or empty when it is a valid command. */
    static Optional<String> problem(List<String> args) {
        if (args.isEmpty()) {
            return Optional.of("no command; expected one of " + sorted());
        }
        String name = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (name) {
            case "up", "down", "status", "preview" -> rest.isEmpty() ? Optional.empty()
                    : Optional.of("'" + name + "' takes no arguments, got " + rest);
            case "canary" -> rest.size() == 1 && isInt(rest.get(0)) && Integer.parseInt(rest.get(0)) <= 100
                    ? Optional.empty() : Optional.of("usage: canary <0..100>, got " + rest);
            case "bluegreen" -> rest.size() == 1 && Set.of("blue", "green").contains(rest.get(0))
                    ? Optional.empty() : Optional.of("usage: bluegreen <blue|green>, got " + rest);
            case "rolling" -> rolling(rest);
            case "load" -> load(rest);
            default -> Optional.of("unknown command '" + name + "'; expected one of " + sorted());
        };
    }

    private static Optional<String> rolling(List<String> rest) {
        String usage = "usage: rolling <v1|v2> [--max-surge N] [--max-unavailable N], got " + rest;
        if (rest.isEmpty() || !Set.of("v1", "v2").contains(rest.get(0))) {
            return Optional.of(usage);
        }
        for (int i = 1; i < rest.size(); i += 2) {
            String option = rest.get(i);
            if (!Set.of("--max-surge", "--max-unavailable").contains(option) || i + 1 >= rest.size()
                    || !rest.get(i + 1).matches("\\d+%?")) {
                return Optional.of(usage);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> load(List<String> rest) {
        String usage = "usage: load [--url URL] --rate R --duration D [--max-error-rate E], got " + rest;
        boolean rate = false;
        boolean duration = false;
        for (int i = 0; i < rest.size(); i += 2) {
            if (i + 1 >= rest.size()) {
                return Optional.of(usage);
            }
            String value = rest.get(i + 1);
            boolean ok = switch (rest.get(i)) {
                case "--url" -> value.matches("https?://\\S+");
                case "--rate" -> rate = isInt(value) && Integer.parseInt(value) > 0;
                case "--duration" -> duration = value.matches("\\d+(ms|s|m|h)");
                case "--max-error-rate" -> value.matches("(0(\\.\\d+)?|1(\\.0+)?)");
                default -> false;
            };
            if (!ok) {
                return Optional.of(usage);
            }
        }
        return rate && duration ? Optional.empty() : Optional.of(usage);
    }

    private static boolean isInt(String s) {
        return s.matches("\\d{1,3}");
    }

    private static List<String> sorted() {
        return NAMES.stream().sorted().toList();
    }
}
