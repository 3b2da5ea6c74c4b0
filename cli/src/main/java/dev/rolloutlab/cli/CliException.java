package dev.rolloutlab.cli;

/**
 * A failure the user can act on (a busy port, nothing running, an instance that never got
 * ready): printed as one line, without a stack trace, with its own exit code.
 */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(String message) {
        this(message, 1);
    }

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
