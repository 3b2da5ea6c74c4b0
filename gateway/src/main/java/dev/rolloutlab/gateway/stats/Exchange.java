package dev.rolloutlab.gateway.stats;

/**
 * One proxied request as the stats, the event stream and the UI see it.
 *
 * @param at epoch milliseconds when it finished
 * @param version the {@code X-App-Version} the upstream answered with, or the group when it gave none
 * @param upstream the instance that answered (a pod's name in a cluster, else its URL), or null when none did
 * @param status the status sent to the client (502/503/504 when no upstream answered; 499 when
 *     the client left before its answer was through)
 * @param millis time from receiving the request to the end of the response
 * @param reason why the group was chosen (weight, header, cookie, sticky, preview, active, rolling, fallback)
 * @param error what went wrong when no upstream answered, else null
 */
public record Exchange(long at, String group, String version, String upstream, int status, double millis, String reason, String error) {

    /**
     * The status recorded when the client leaves before its answer is through (nginx's code for
     * it), with no error: nothing went wrong on the gateway's or the upstream's side.
     */
    public static final int CLIENT_CLOSED = 499;

    public boolean failed() {
        return status >= 500;
    }
}
