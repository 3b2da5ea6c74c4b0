package dev.rolloutlab.gateway.progressive.decision;

import dev.rolloutlab.gateway.progressive.plan.Analysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns one interval's numbers into a verdict with its reason; pure. */
public final class Judge {

    private Judge() {
    }

    /**
     * Fewer than {@code minRequests} candidate requests: inconclusive. Error rate or p99 over its
     * limit: failed, unless the baseline (with at least {@code minRequests}) breaks the same limit
     * in the same interval: inconclusive ("stable fails too"). Otherwise passed. Exactly at a
     * limit passes: the limit is the worst value still accepted.
     */
    public static IntervalReport judge(Analysis analysis, GroupNumbers candidate, GroupNumbers baseline, long at,
            int step, int weight) {
        String name = candidate.group();
        if (candidate.requests() < analysis.minRequests()) {
            return report(at, step, weight, candidate, baseline, Verdict.INCONCLUSIVE,
                    candidate.requests() + " " + name + " requests < " + analysis.minRequests());
        }
        double maxErrorRate = analysis.maxErrorRate();
        long maxP99 = analysis.maxP99().toMillis();
        boolean errorsOver = candidate.errorRate() > maxErrorRate;
        boolean p99Over = candidate.p99() > maxP99;
        if (!errorsOver && !p99Over) {
            return report(at, step, weight, candidate, baseline, Verdict.PASSED,
                    name + " " + percent(candidate.errorRate()) + " errors <= " + limit(maxErrorRate) + ", p99 "
                            + ms(candidate.p99()) + " <= " + maxP99 + " ms");
        }
        List<String> broken = new ArrayList<>();
        if (errorsOver) {
            broken.add(percent(candidate.errorRate()) + " errors > " + limit(maxErrorRate));
        }
        if (p99Over) {
            broken.add("p99 " + ms(candidate.p99()) + " > " + maxP99 + " ms");
        }
        String why = name + " " + String.join(", ", broken);
        // The candidate is not to blame for what the stable side suffers too (a shared database down,
        // an overloaded node): not a pass, not a failure either.
        boolean baselineJudgeable = baseline != null && baseline.requests() >= analysis.minRequests();
        boolean stableFailsToo = baselineJudgeable
                && (!errorsOver || baseline.errorRate() > maxErrorRate)
                && (!p99Over || baseline.p99() > maxP99);
        if (stableFailsToo) {
            List<String> stable = new ArrayList<>();
            if (errorsOver) {
                stable.add(percent(baseline.errorRate()));
            }
            if (p99Over) {
                stable.add("p99 " + ms(baseline.p99()));
            }
            return report(at, step, weight, candidate, baseline, Verdict.INCONCLUSIVE,
                    why + ", but stable fails too (" + String.join(", ", stable) + ")");
        }
        return report(at, step, weight, candidate, baseline, Verdict.FAILED, why);
    }

    private static IntervalReport report(long at, int step, int weight, GroupNumbers candidate, GroupNumbers baseline,
            Verdict verdict, String why) {
        return new IntervalReport(at, step, weight, candidate, baseline, verdict, why);
    }

    /** A measured rate: always one decimal, {@code "18.0 %"}. */
    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f %%", rate);
    }

    /** A configured limit as it was written: {@code "5 %"}, {@code "2.5 %"}. */
    static String limit(double rate) {
        return (rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate)) + " %";
    }

    /** Milliseconds rounded to an integer: {@code "812 ms"}. */
    static String ms(double millis) {
        return Math.round(millis) + " ms";
    }
}
