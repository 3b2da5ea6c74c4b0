package dev.rolloutlab.cli.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A progressive rollout as local mode asks the gateway for it: the {@code progressive} block of
 * the routing file's {@code canary} or {@code bluegreen} section, in the gateway's own format
 * (durations as {@code 30s} or {@code 500ms}, the error rate in percent). The gateway takes the
 * decisions; local mode only writes what the user asked for. Public fields: part of state.json.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Progressive {

    /** One canary step: its weight and its hold ({@code 30s}, or {@code manual}). */
    public record Step(int weight, String hold) {
    }

    /** The same revision is the same rollout (it resumes); a new one starts over. */
    public String revision;
    /** Canary only: the steps, in order. */
    public List<Step> steps;
    /** Blue/green only: how long the preview is judged before the switch. */
    public String prePromotion;
    /** Blue/green only: then switch after this; null waits for ./rollout-lab promote. */
    public String autoPromotion;
    /** Blue/green only: how long the new active side is judged (a failure switches back). */
    public String postPromotion;
    /** The analysis keys, in the routing file's names; only the ones the user set (the gateway has defaults). */
    public Map<String, Object> analysis = new LinkedHashMap<>();
    public int probeRate;
    public String probePath = "/api/identity";

    public static Progressive canary(String revision, List<Step> steps) {
        Progressive p = new Progressive();
        p.revision = revision;
        p.steps = new ArrayList<>(steps);
        return p;
    }

    public static Progressive blueGreen(String revision, String prePromotion, String autoPromotion, String postPromotion) {
        Progressive p = new Progressive();
        p.revision = revision;
        p.prePromotion = prePromotion;
        p.autoPromotion = autoPromotion;
        p.postPromotion = postPromotion;
        return p;
    }

    /** The {@code progressive:} block of the routing file, keys in the documented order. */
    Map<String, Object> toRouting() {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("revision", revision);
        if (steps != null) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Step step : steps) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("weight", step.weight());
                s.put("hold", step.hold());
                list.add(s);
            }
            block.put("steps", list);
        }
        putIfSet(block, "prePromotion", prePromotion);
        putIfSet(block, "autoPromotion", autoPromotion);
        putIfSet(block, "postPromotion", postPromotion);
        if (!analysis.isEmpty()) {
            block.put("analysis", new LinkedHashMap<>(analysis));
        }
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("rate", probeRate);
        probe.put("path", probePath);
        block.put("probe", probe);
        return block;
    }

    private static void putIfSet(Map<String, Object> block, String key, Object value) {
        if (value != null) {
            block.put(key, value);
        }
    }
}
