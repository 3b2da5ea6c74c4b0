package dev.rolloutlab.chart;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The anchors GitHub gives a Markdown file's headings (lower case, punctuation dropped, spaces to hyphens, -1 for repeats). */
final class MarkdownAnchors {

    private MarkdownAnchors() {
    }

    static Set<String> of(List<String> lines) {
        Set<String> anchors = new LinkedHashSet<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
            }
            if (fenced || !line.matches("#{1,6} .*")) {
                continue;
            }
            String slug = slug(line.replaceFirst("^#+ ", ""));
            String anchor = slug;
            for (int n = 1; !anchors.add(anchor); n++) {
                anchor = slug + "-" + n;
            }
        }
        return anchors;
    }

    static String slug(String heading) {
        return heading.trim().toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                .replace(' ', '-');
    }
}
