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
 * dropped and {@code \}-continued lines joined. Each command keeps the file and line it starts on.
 */
final class LabCommands {

    /** One command: its words after shell-style quote removal, and where it was written. */
    record Command(Path file, int line, List<String> words) {

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

    private LabCommands() {
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
        StringBuilder pending = new StringBuilder();
        int pendingLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.trim();
            if (trimmed.startsWith("```")) {
                inBash = !inBash && trimmed.substring(3).trim().equals("bash");
                pending.setLength(0);
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
            for (List<String> words : split(pending.toString())) {
                commands.add(new Command(file, pendingLine, words));
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
        }
        return commands;
    }
}
