package dev.rolloutlab.gateway.routing;

import java.util.List;

/**
 * Weighted round-robin as nginx does it: each pick adds every weight to its item's running
 * score, takes the highest score and subtracts the total from it. Picks interleave evenly and
 * every run of {@code total} consecutive picks has each item exactly {@code weight} times, so
 * weight 10 of 100 is exactly 10 in every window of 100 requests, not 10 on average.
 */
final class SmoothWeightedRoundRobin {

    private final List<String> items;
    private final int[] weights;
    private final int[] scores;
    private final int total;

    SmoothWeightedRoundRobin(List<String> items, int[] weights) {
        if (items.size() != weights.length || items.isEmpty()) {
            throw new IllegalArgumentException("one weight per item, at least one item");
        }
        int sum = 0;
        for (int weight : weights) {
            if (weight < 0) {
                throw new IllegalArgumentException("weights must not be negative");
            }
            sum += weight;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("at least one weight must be positive");
        }
        this.items = List.copyOf(items);
        this.weights = weights.clone();
        this.scores = new int[weights.length];
        this.total = sum;
    }

    synchronized String next() {
        int best = -1;
        for (int i = 0; i < weights.length; i++) {
            scores[i] += weights[i];
            if (weights[i] > 0 && (best < 0 || scores[i] > scores[best])) {
                best = i;
            }
        }
        scores[best] -= total;
        return items.get(best);
    }
}
