package dev.rolloutlab.gateway.routing;

/**
 * Where one request goes and why.
 *
 * @param group the group to send it to
 * @param reason why that group
 * @param fallback the group to try when {@code group} cannot answer, or null
 * @param sticky what to do with the client's sticky cookie
 */
public record RouteDecision(String group, Reason reason, String fallback, Sticky sticky) {

    /** The sticky cookie the response should carry. */
    public enum Sticky {
        /** Leave the client's cookie as it is. */
        KEEP,
        /** Set it to {@code group}: the client was just sent to canary. */
        SET,
        /** Remove it: the canary it pointed at is gone or at weight 0. */
        CLEAR
    }
}
