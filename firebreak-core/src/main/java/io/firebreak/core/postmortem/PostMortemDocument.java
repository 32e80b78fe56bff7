package io.firebreak.core.postmortem;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.time.Durations;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A post-mortem as a Markdown document in which the parts Firebreak knows (metadata, timeline) sit
 * between {@code <!-- firebreak:begin NAME -->} and {@code <!-- firebreak:end NAME -->} markers and
 * everything else belongs to the people who write it. Rendering again replaces only what is between
 * the markers, so a re-render after the incident changed never loses a word somebody wrote.
 */
public final class PostMortemDocument {
    /** The generated blocks, in the order the template uses them. */
    public static final List<String> BLOCKS = List.of("header", "metadata", "timeline", "action-items");

    private static final Pattern BLOCK = Pattern.compile(
            "(<!-- firebreak:begin ([a-z-]+) -->\\n)(.*?)(<!-- firebreak:end \\2 -->)", Pattern.DOTALL);
    private static final Pattern TITLE = Pattern.compile("<!-- firebreak:title (.*?) -->");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private PostMortemDocument() {}

    /** A new document: the template with every marked block filled. */
    public static String create(String template, Incident incident, List<IncidentEvent> timeline, String title) {
        return refresh(template, incident, timeline, title, List.of());
    }

    /**
     * The document with every marked block replaced by fresh content; text outside the markers
     * is returned byte for byte. Blocks Firebreak does not know are left alone.
     */
    public static String refresh(String document, Incident incident, List<IncidentEvent> timeline, String title,
                                 List<ActionItem> actions) {
        Map<String, String> blocks = blocks(incident, timeline, title, actions);
        Matcher matcher = BLOCK.matcher(document);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(2);
            String body = blocks.containsKey(name) ? blocks.get(name) : matcher.group(3);
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + body + matcher.group(4)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** What a document holds between one pair of markers, or empty when it has no such block. */
    public static java.util.Optional<String> block(String document, String name) {
        Matcher matcher = BLOCK.matcher(document);
        while (matcher.find()) {
            if (matcher.group(2).equals(name)) {
                return java.util.Optional.of(matcher.group(3));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The title a document was created with, read back from its title comment so a re-render keeps
     * it even when the incident's own title has changed since.
     */
    public static java.util.Optional<String> title(String document) {
        Matcher matcher = TITLE.matcher(document);
        return matcher.find() ? java.util.Optional.of(matcher.group(1).strip()) : java.util.Optional.empty();
    }

    /** The document with the generated blocks emptied: what people wrote, for comparisons. */
    public static String humanParts(String document) {
        return BLOCK.matcher(document).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(4)));
    }

    /** {@code INC-YYYYMMDD-NNN-slug.md}: the file name the seed's {@code make post-mortem} used. */
    public static String fileName(String incidentId, String title) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return incidentId + (slug.isEmpty() ? "" : "-" + slug) + ".md";
    }

    static Map<String, String> blocks(Incident incident, List<IncidentEvent> timeline, String title, List<ActionItem> actions) {
        Map<String, String> blocks = new LinkedHashMap<>();
        String safeTitle = title.replaceAll("[\\r\\n]+", " ").replaceAll("-{2,}", "-").strip();
        blocks.put("header", "<!-- firebreak:title " + safeTitle + " -->\n# Post-mortem: " + inline(title) + " (" + incident.id() + ")\n");
        blocks.put("metadata", metadata(incident, timeline));
        blocks.put("timeline", timeline(timeline));
        blocks.put("action-items", actionItems(actions));
        return blocks;
    }

    private static String metadata(Incident incident, List<IncidentEvent> timeline) {
        String duration = incident.resolved() == null ? "ongoing"
                : Durations.format(java.time.Duration.between(incident.impactStarted(), incident.resolved()));
        String mttr = incident.timeToResolve().map(Durations::format).orElse("not resolved");
        java.util.Set<String> responders = new java.util.LinkedHashSet<>(incident.responders());
        for (IncidentEvent event : timeline) {
            if (!event.actor().isBlank() && !event.actor().startsWith("firebreak") && !event.actor().equals("system")) {
                responders.add(event.actor());
            }
        }
        String impact = incident.publicSummary().isBlank() ? "_to be quantified (see Impact analysis)_" : inline(incident.publicSummary());
        StringBuilder out = new StringBuilder("| Field | Value |\n|---|---|\n");
        row(out, "Incident ID", incident.id());
        row(out, "Severity", incident.severity().sev() + " (" + incident.severity().name() + ")");
        row(out, "Status", incident.status().name());
        row(out, "Detection time", time(incident.detected()));
        row(out, "Start time", time(incident.impactStarted()));
        row(out, "End time", incident.resolved() == null ? "not resolved" : time(incident.resolved()));
        row(out, "Duration", duration);
        row(out, "MTTR", mttr);
        row(out, "Responders", responders.isEmpty() ? "-" : inline(String.join(", ", responders)));
        row(out, "Incident commander", incident.commander().isBlank() ? "-" : inline(incident.commander()));
        row(out, "Services affected", incident.service().isBlank() ? "-" : inline(incident.service()));
        row(out, "User impact", impact);
        row(out, "Detected by", inline(incident.source()));
        return out.toString();
    }

    private static String timeline(List<IncidentEvent> timeline) {
        StringBuilder out = new StringBuilder("| Time (UTC) | Event | Actor / system | Impact |\n|---|---|---|---|\n");
        for (IncidentEvent event : timeline) {
            String what = event.type().name().replace('_', ' ').toLowerCase(Locale.ROOT);
            if (event.to() != null && event.from() != event.to()) {
                what += " (" + (event.from() == null ? "" : event.from().name() + " → ") + event.to().name() + ")";
            }
            if (!event.message().isBlank()) {
                what += ": " + event.message();
            }
            out.append("| ").append(time(event.at())).append(" | ").append(inline(what)).append(" | ")
                    .append(inline(event.actor())).append(" | ").append(impact(event)).append(" |\n");
        }
        return out.toString();
    }

    /** The action-items table exactly as the store has the items. */
    public static String actionItems(List<ActionItem> actions) {
        StringBuilder out = new StringBuilder("| # | Priority | Description | Owner | Due date | Status | Tracker |\n|---|---|---|---|---|---|---|\n");
        for (ActionItem item : actions) {
            out.append("| ").append(item.number()).append(" | ").append(item.priority()).append(" | ").append(inline(item.description()))
                    .append(" | ").append(inline(item.owner())).append(" | ").append(item.due()).append(" | ").append(item.status())
                    .append(" | ").append(item.trackerUrl().isEmpty() ? "-" : "<" + item.trackerUrl().replaceAll("[\\s<>]", "") + ">")
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String impact(IncidentEvent event) {
        return switch (event.type()) {
            case OPENED -> "impact detected";
            case RESOLVED -> "impact ended";
            case REOPENED -> "impact returned";
            case SEVERITY_CHANGED -> "severity changed";
            default -> event.to() == null ? "-" : event.to().name().toLowerCase(Locale.ROOT);
        };
    }

    private static void row(StringBuilder out, String field, String value) {
        out.append("| ").append(field).append(" | ").append(value).append(" |\n");
    }

    private static String time(Instant instant) {
        return UTC.format(instant);
    }

    /**
     * Text from outside (titles, notes, names) made safe for one Markdown table cell: no line
     * breaks, no cell separators, no raw HTML, no marker look-alikes.
     */
    static String inline(String text) {
        String flat = text.replaceAll("[\\r\\n]+", " ").strip();
        StringBuilder out = new StringBuilder(flat.length());
        for (char c : flat.toCharArray()) {
            switch (c) {
                case '|' -> out.append("\\|");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '`', '*', '_', '[', ']', '\\' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
