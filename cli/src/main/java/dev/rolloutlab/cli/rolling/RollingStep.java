package dev.rolloutlab.cli.rolling;

/**
 * One step of a rolling update: start {@code count} new instances (and wait for them to be
 * ready), or take {@code count} old ones out of service. {@code oldAfter}/{@code newAfter} are
 * the instances in service once the step is done.
 */
public record RollingStep(Action action, int count, int oldAfter, int newAfter) {

    public enum Action { START_NEW, STOP_OLD }

    public int inServiceAfter() {
        return oldAfter + newAfter;
    }

    @Override
    public String toString() {
        return (action == Action.START_NEW ? "start " : "stop ") + count + " -> " + oldAfter + " old + " + newAfter + " new";
    }
}
