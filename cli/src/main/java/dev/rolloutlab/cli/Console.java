package dev.rolloutlab.cli;

import java.io.PrintStream;

/**
 * Where commands print. ANSI colors only when stdout is a terminal (and NO_COLOR is unset), so
 * output piped into a file, a lab's expected-output check or a test stays plain text.
 */
public final class Console {

    private final PrintStream out;
    private final PrintStream err;
    private final boolean colors;

    public Console(PrintStream out, PrintStream err, boolean colors) {
        this.out = out;
        this.err = err;
        this.colors = colors;
    }

    /** The process's own stdout/stderr, colored when stdout is an interactive terminal. */
    public static Console system() {
        boolean tty = System.console() != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
        return new Console(System.out, System.err, tty);
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public boolean colors() {
        return colors;
    }

    public void println(String line) {
        out.println(line);
        out.flush();
    }

    public void error(String line) {
        err.println(red("error: ") + line);
        err.flush();
    }

    public void warn(String line) {
        err.println(yellow("warning: ") + line);
        err.flush();
    }

    public String bold(String s) {
        return paint("1", s);
    }

    public String dim(String s) {
        return paint("2", s);
    }

    public String red(String s) {
        return paint("31", s);
    }

    public String green(String s) {
        return paint("32", s);
    }

    public String yellow(String s) {
        return paint("33", s);
    }

    public String blue(String s) {
        return paint("34", s);
    }

    public String cyan(String s) {
        return paint("36", s);
    }

    /** v1 answers blue and v2 green (their configured colors), so the terminal matches the UI. */
    public String version(String version) {
        if (version == null) {
            return "-";
        }
        if (version.startsWith("1") || version.equals("v1")) {
            return blue(version);
        }
        if (version.startsWith("2") || version.equals("v2")) {
            return green(version);
        }
        return version;
    }

    private String paint(String code, String s) {
        return colors ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
