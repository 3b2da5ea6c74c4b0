package dev.rolloutlab.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shell commands of a Markdown file: every line inside a {@code ```bash} fence, split into
 * commands at unquoted {@code ;}, {@code &&}, {@code ||}, {@code |} and {@code &}, with comments
 * dropped and {@code \}-continued lines joined. Each command keeps the file and line it starts on,
 * and the kind of its block: the words after {@code bash} in the fence's info string (labs/README.md,
 * "Running a lab"): none, {@code watch}, {@code fails}, {@code local}, {@code local fails} or
 * {@code local watch}. labs/run.sh reads the same fences.
 * A hidden check after a block ({@code <!-- check: COMMAND -->}, outside any fence) adds its commands too,
 * of kind {@code check}: the runner runs them, so the flow rules read them.
 */
final class LabCommands {

    /** One command: its words after shell-style quote removal, and where it was written. */
    record Command(Path file, int line, List<String> words, String kind, boolean background) {

        Command(Path file, int line, List<String> words) {
            this(file, line, words, "", false);
        }

        String first() {
            return words.isEmpty() ? "" : words.get(0);
        }

        String where() {
            return file + ":" + line;
        }

        @Override
        public String toString() {
            return String.join(" ", words);
        }
    }

    /** The block kinds a fence may name after {@code bash}; labs/run.sh knows the same. */
    static final List<String> KINDS = List.of("", "watch", "fails", "local", "local fails", "local watch");

    /** The kind of the command of a hidden check, {@code <!-- check: COMMAND -->}, which labs/run.sh runs too. */
    static final String CHECK = "check";

    private static final java.util.regex.Pattern CHECK_LINE = java.util.regex.Pattern.compile("^<!-- check: (.*) -->$");

    /** One fenced bash block: where it starts (the fence line), its kind and its lines. */
    record Block(Path file, int line, String kind, List<String> lines) {
    }

    private LabCommands() {
    }

    /** The kind of a fence's info string, or null when it is no bash fence. */
    static String kind(String infoString) {
        String[] words = infoString.trim().split("\\s+");
        if (!words[0].equals("bash")) {
            return null;
        }
        return String.join(" ", java.util.Arrays.asList(words).subList(1, words.length));
    }

    static List<Block> blocks(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Block> blocks = new ArrayList<>();
        Block open = null;
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String trimmed = lines.get(i).trim();
            if (trimmed.startsWith("```")) {
                if (inFence) {
                    if (open != null) {
                        blocks.add(open);
                    }
                    open = null;
                    inFence = false;
                } else {
                    inFence = true;
                    String kind = kind(trimmed.substring(3));
                    open = kind == null ? null : new Block(file, i + 1, kind, new ArrayList<>());
                }
            } else if (open != null) {
                open.lines().add(lines.get(i));
            }
        }
        return blocks;
    }

    static List<Command> read(Path file) {
        try {
            return parse(file, Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<Command> parse(Path file, List<String> lines) {
        List<Command> commands = new ArrayList<>();
        boolean inBash = false;
        boolean inFence = false;
        String kind = "";
        StringBuilder pending = new StringBuilder();
        int pendingLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.trim();
            if (trimmed.startsWith("```")) {
                String fenceKind = inFence ? null : kind(trimmed.substring(3));
                inFence = !inFence;
                inBash = fenceKind != null;
                kind = fenceKind == null ? "" : fenceKind;
                pending.setLength(0);
                continue;
            }
            if (!inFence) {
                java.util.regex.Matcher check = CHECK_LINE.matcher(line);
                if (check.matches()) {
                    for (List<String> words : split(check.group(1))) {
                        commands.add(new Command(file, i + 1, words, CHECK, false));
                    }
                }
                continue;
            }
            if (!inBash) {
                continue;
            }
            if (pending.isEmpty()) {
                pendingLine = i + 1;
            }
            String code = stripComment(line);
            if (code.stripTrailing().endsWith("\\")) {
                String kept = code.stripTrailing();
                pending.append(kept, 0, kept.length() - 1).append(' ');
                continue;
            }
            pending.append(code);
            List<Boolean> background = new ArrayList<>();
            List<List<String>> split = split(pending.toString(), background);
            for (int c = 0; c < split.size(); c++) {
                commands.add(new Command(file, pendingLine, split.get(c), kind, background.get(c)));
            }
            pending.setLength(0);
        }
        return commands;
    }

    /** The line up to an unquoted {@code #} that starts a word. */
    static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Words of each command on one logical line; quotes removed, separators split commands. */
    static List<List<String>> split(String code) {
        return split(code, new ArrayList<>());
    }

    /** As {@link #split(String)}; adds to {@code background}, per command, whether a lone {@code &} ends it. */
    static List<List<String>> split(String code, List<Boolean> background) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '&' && ((i > 0 && code.charAt(i - 1) == '>') || (i + 1 < code.length() && code.charAt(i + 1) == '>'))) {
                word.append(c); // a redirection (2>&1, &>), not a separator
                inWord = true;
            } else if (c == ';' || c == '|' || c == '&') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (!words.isEmpty()) {
                    commands.add(words);
                    words = new ArrayList<>();
                    boolean lone = c == '&' && (i + 1 >= code.length() || code.charAt(i + 1) != '&') && (i == 0 || code.charAt(i - 1) != '&');
                    background.add(lone);
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(words);
            background.add(false);
        }
        return commands;
    }
}
