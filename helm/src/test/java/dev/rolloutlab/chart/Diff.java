package dev.rolloutlab.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What an upgrade from one render to another changes: objects by Kind/name, and fields of one object. */
final class Diff {

    private Diff() {
    }

    /** Kind/name of every object added, removed or changed. */
    static Set<String> changedObjects(Chart before, Chart after) {
        Map<String, JsonNode> a = before.render().releaseObjects();
        Map<String, JsonNode> b = after.render().releaseObjects();
        Set<String> ids = new LinkedHashSet<>(a.keySet());
        ids.addAll(b.keySet());
        Set<String> changed = new TreeSet<>();
        ids.forEach(id -> {
            if (!java.util.Objects.equals(a.get(id), b.get(id))) {
                changed.add(id);
            }
        });
        return changed;
    }

    /** Paths (keys joined by "/", not escaped) of the leaves that differ between two versions of one object. */
    static Set<String> changedPaths(JsonNode a, JsonNode b) {
        Set<String> paths = new TreeSet<>();
        walk(a, b, "", paths);
        return paths;
    }

    private static void walk(JsonNode a, JsonNode b, String path, Set<String> paths) {
        if (a != null && b != null && a.isContainerNode() && b.isContainerNode() && a.getNodeType() == b.getNodeType()) {
            Set<String> keys = new LinkedHashSet<>();
            if (a.isObject()) {
                a.fieldNames().forEachRemaining(keys::add);
                b.fieldNames().forEachRemaining(keys::add);
            } else {
                for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                    keys.add(String.valueOf(i));
                }
            }
            for (String key : keys) {
                JsonNode x = a.isObject() ? a.get(key) : a.get(Integer.parseInt(key));
                JsonNode y = b.isObject() ? b.get(key) : b.get(Integer.parseInt(key));
                walk(x, y, path + "/" + key, paths);
            }
        } else if (!java.util.Objects.equals(a, b)) {
            paths.add(path);
        }
    }
}
