package dev.rolloutlab.gateway.progressive.decision;

/**
 * A command that does not apply to the rollout's phase (answered 409 with this message). An
 * expected answer, not a fault: it carries no stack trace.
 */
public class CommandRefusedException extends Exception {

    public CommandRefusedException(String message) {
        super(message, null, false, false);
    }
}
