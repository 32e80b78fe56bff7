package io.firebreak.server.ui;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes UI pages: the shared chrome (title, navigation, who is logged in, the CSRF token for forms
 * and htmx) around a page's own data, with headers that keep the pages out of caches and frames and
 * allow scripts and styles only from this server.
 */
final class UiPages {
    static final String HTMX = "/webjars/htmx.org/2.0.10/dist/htmx.min.js";
    static final String CSS = "/ui/static/firebreak.css";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final UiTemplates templates;

    UiPages(UiTemplates templates) {
        this.templates = templates;
    }

    /**
     * A whole page.
     *
     * @param visitor who is logged in, or null on the login and error pages before login
     * @param active  the navigation entry to highlight: incidents, rules, silences, notifications
     */
    void show(Context ctx, int status, UiAccess.Visitor visitor, String template, String title, String active, Object data) {
        Map<String, Object> chrome = new LinkedHashMap<>();
        chrome.put("pageTitle", title);
        chrome.put("htmx", HTMX);
        chrome.put("css", CSS);
        chrome.put("loggedIn", visitor != null);
        chrome.put("user", visitor == null ? "" : visitor.name());
        chrome.put("role", visitor == null ? "" : visitor.role().wireName());
        chrome.put("csrf", visitor == null ? "" : visitor.csrf());
        chrome.put("hxHeaders", visitor == null ? "{}" : "{\"" + UiAccess.CSRF_HEADER + "\": \"" + visitor.csrf() + "\"}");
        chrome.put("canAct", visitor != null && visitor.canAct());
        chrome.put("viewer", visitor != null && !visitor.canAct());
        chrome.put("nav_" + (active.isEmpty() ? "none" : active), true);
        secure(ctx);
        ctx.status(status).html(templates.render(template, chrome, data));
    }

    /** A piece of a page that htmx swaps in. */
    void fragment(Context ctx, UiAccess.Visitor visitor, String template, Object data) {
        Map<String, Object> chrome = new LinkedHashMap<>();
        chrome.put("csrf", visitor.csrf());
        chrome.put("canAct", visitor.canAct());
        secure(ctx);
        ctx.html(templates.render(template, chrome, data));
    }

    /** An error page with a way back. */
    void error(Context ctx, UiAccess.Visitor visitor, int status, String message) {
        show(ctx, status, visitor, "error", "Error " + status, "", Map.of("status", status, "message", message));
    }

    static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
    }
}
