package dev.rolloutlab.gateway.progressive.plan;

/**
 * Traffic the gateway itself sends to the candidate group, so a preview or a canary without
 * users can be judged.
 *
 * @param rate requests per second; 0: none
 * @param path the request path, e.g. {@code /api/identity}
 */
public record Probe(int rate, String path) {
}
