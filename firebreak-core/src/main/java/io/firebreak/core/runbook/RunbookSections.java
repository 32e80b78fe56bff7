package io.firebreak.core.runbook;

import java.util.List;

/** The sections every runbook has, in this order (the seed's standard structure). The one place they are listed. */
public final class RunbookSections {
    /** H2 headings, compared on the text before any parenthesis, case-insensitively. */
    public static final List<String> REQUIRED = List.of(
            "TL;DR",
            "Overview",
            "Symptoms",
            "Detection",
            "Impact Assessment",
            "Immediate Actions (0-5 minutes)",
            "Investigation (5-30 minutes)",
            "Resolution Steps",
            "Validation",
            "Communication",
            "Post-Incident",
            "Prevention");

    /** The section whose PromQL blocks are checked. */
    public static final String DETECTION = "Detection";

    private RunbookSections() {}

    /** The comparable key of a heading: text before any parenthesis, trimmed, lower case. */
    public static String key(String heading) {
        int parenthesis = heading.indexOf('(');
        String text = parenthesis < 0 ? heading : heading.substring(0, parenthesis);
        return text.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
