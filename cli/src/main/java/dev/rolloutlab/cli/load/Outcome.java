package dev.rolloutlab.cli.load;

/**
 * What one request got.
 *
 * @param sentAtNanos   when it was sent, in nanoseconds after the run started
 * @param latencyNanos  until the response headers arrived or the request failed
 * @param status        the HTTP status, 0 when there was no response
 * @param version       {@code X-App-Version} of the response, null without one
 * @param group         {@code X-Rollout-Group} of the response (the gateway's group), null without one
 * @param error         null for a success, else the kind: {@code HTTP 502}, {@code connection refused}, {@code timeout}...
 */
public record Outcome(long sentAtNanos, long latencyNanos, int status, String version, String group, String error) {

    public boolean ok() {
        return error == null;
    }

    public long completedAtNanos() {
        return sentAtNanos + latencyNanos;
    }
}
