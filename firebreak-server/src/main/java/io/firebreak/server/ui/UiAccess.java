package io.firebreak.server.ui;

import io.firebreak.server.Service;
import io.firebreak.server.http.Auth;
import io.firebreak.server.store.SessionStore;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who is looking at the UI. People log in with an API token; the session lives in the store and
 * its id travels in an HttpOnly, SameSite=Strict cookie. Every POST must carry the session's CSRF
 * token (form field {@code csrf} or header {@code X-CSRF-Token}), and only responders and admins may
 * change anything. The login form has its own double-submit token so another site cannot log a
 * browser in under someone else's token. Without configured tokens (loopback only) everyone gets
 * an anonymous admin session without logging in, still with a CSRF token.
 */
final class UiAccess {
    static final String COOKIE = "firebreak_session";
    static final String LOGIN_COOKIE = "firebreak_login";
    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A logged-in person: the token's name (the actor in timelines), its role and the session's CSRF token. */
    record Visitor(String name, Auth.Role role, String csrf) {
        boolean canAct() {
            return role.allows(Auth.Role.RESPONDER);
        }
    }

    private final Service service;
    private final UiPages pages;
    private final boolean secure;

    UiAccess(Service service, UiPages pages) {
        this.service = service;
        this.pages = pages;
        this.secure = service.config().config().server().externalUrl().toLowerCase(java.util.Locale.ROOT).startsWith("https");
    }

    /** The visitor of a page request; sends people without a session to the login form (see {@link LoginRequired}). */
    Visitor forPage(Context ctx) {
        Optional<Visitor> visitor = current(ctx);
        if (visitor.isPresent()) {
            return visitor.get();
        }
        if (!service.auth().enabled()) {
            return startSession(ctx, Auth.ANONYMOUS);
        }
        throw new LoginRequired();
    }

    /**
     * The visitor of a POST that changes something: 403 without a session, without the session's
     * CSRF token, or for a viewer. Nothing has been read from the store but the session by then.
     */
    Visitor forAction(Context ctx, boolean needsResponder) {
        Visitor visitor = current(ctx).orElseThrow(() -> new UiProblem(403, "Your session has ended. Log in again, then retry."));
        String presented = ctx.header(CSRF_HEADER);
        if (presented == null || presented.isEmpty()) {
            presented = ctx.formParam(CSRF_FIELD);
        }
        if (!sameSecret(presented, visitor.csrf())) {
            throw new UiProblem(403, "This form is missing its security token or it is stale. Reload the page and try again.");
        }
        if (needsResponder && !visitor.canAct()) {
            throw new UiProblem(403, "You are logged in as '" + visitor.name() + "', a viewer: viewers can look but not change anything. "
                    + "Log in with a responder or admin token to act.");
        }
        return visitor;
    }

    /**
     * The visitor of this request's session cookie. A session only counts while its token is still
     * configured with the same role, so removing or demoting a token (and restarting) also ends the
     * sessions opened with it; anonymous sessions only count while no token is configured.
     */
    Optional<Visitor> current(Context ctx) {
        return service.sessions().find(ctx.cookie(COOKIE), service.clock().instant())
                .map(session -> new Visitor(session.tokenName(), Auth.Role.parse(session.role()).orElse(Auth.Role.VIEWER), session.csrf()))
                .filter(this::stillConfigured);
    }

    private boolean stillConfigured(Visitor visitor) {
        if (!service.auth().enabled()) {
            return visitor.name().equals(Auth.ANONYMOUS.name()) && visitor.role() == Auth.ANONYMOUS.role();
        }
        return service.config().config().api().tokens().stream()
                .anyMatch(token -> !token.token().isEmpty() && token.name().equals(visitor.name())
                        && Auth.Role.parse(token.role()).orElse(Auth.Role.VIEWER) == visitor.role());
    }

    /** Where a page request without a session goes: the login form, coming back to the same path afterwards. */
    static void sendToLogin(Context ctx) {
        String path = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        String target = "/login" + (path.equals("/") ? "" : "?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
        if (ctx.header("HX-Request") != null) {
            // htmx would swap the login page into a fragment; have it load the login page for the whole page.
            String page = pagePath(ctx.header("HX-Current-URL"));
            ctx.header("HX-Redirect", "/login" + (page.equals("/") ? "" : "?next=" + URLEncoder.encode(page, StandardCharsets.UTF_8)));
            ctx.status(401).result("");
            return;
        }
        ctx.redirect(target, HttpStatus.SEE_OTHER);
    }

    private static String pagePath(String currentUrl) {
        try {
            java.net.URI uri = java.net.URI.create(currentUrl == null ? "/" : currentUrl);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return Links.safeNext(path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())).orElse("/");
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }

    void loginForm(Context ctx) {
        if (!service.auth().enabled() || current(ctx).isPresent()) {
            ctx.redirect(Links.safeNext(ctx.queryParam("next")).orElse("/"), HttpStatus.SEE_OTHER);
            return;
        }
        showLogin(ctx, 200, ctx.queryParam("next"), "");
    }

    void login(Context ctx) {
        String next = ctx.formParam("next");
        if (!service.auth().enabled()) {
            ctx.redirect(Links.safeNext(next).orElse("/"), HttpStatus.SEE_OTHER);
            return;
        }
        if (!sameSecret(ctx.formParam(CSRF_FIELD), ctx.cookie(LOGIN_COOKIE))) {
            showLogin(ctx, 403, next, "The login form expired or came from another site. Please try again.");
            return;
        }
        Optional<Auth.Principal> principal = service.auth().authenticate(ctx.formParam("token"));
        if (principal.isEmpty()) {
            showLogin(ctx, 401, next, "That token is not valid. Check it and try again.");
            return;
        }
        ctx.cookie(cookie(LOGIN_COOKIE, "", "/login", 0));
        startSession(ctx, principal.get());
        ctx.redirect(Links.safeNext(next).orElse("/"), HttpStatus.SEE_OTHER);
    }

    void logout(Context ctx) {
        forAction(ctx, false);
        service.sessions().delete(ctx.cookie(COOKIE));
        ctx.cookie(cookie(COOKIE, "", "/", 0));
        ctx.redirect(service.auth().enabled() ? "/login" : "/", HttpStatus.SEE_OTHER);
    }

    private Visitor startSession(Context ctx, Auth.Principal principal) {
        String id = service.sessions().create(principal.name(), principal.role().wireName(), service.clock().instant());
        ctx.cookie(cookie(COOKIE, id, "/", (int) SessionStore.LIFETIME.toSeconds()));
        return service.sessions().find(id, service.clock().instant())
                .map(session -> new Visitor(session.tokenName(), principal.role(), session.csrf()))
                .orElseThrow(() -> new IllegalStateException("a session just created must be found"));
    }

    private void showLogin(Context ctx, int status, String next, String error) {
        String formToken = random();
        ctx.cookie(cookie(LOGIN_COOKIE, formToken, "/login", 3600));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("formToken", formToken);
        data.put("next", Links.safeNext(next).orElse(""));
        data.put("error", error);
        data.put("hasError", !error.isEmpty());
        pages.show(ctx, status, null, "login", "Log in", "", data);
    }

    private Cookie cookie(String name, String value, String path, int maxAge) {
        Cookie cookie = new Cookie(name, value, path, maxAge, secure, true, null, SameSite.STRICT);
        cookie.setHttpOnly(true);
        cookie.setSecure(secure);
        return cookie;
    }

    /** Constant-time comparison of a presented secret with the expected one; empty never matches. */
    static boolean sameSecret(String presented, String expected) {
        if (presented == null || expected == null || presented.isEmpty() || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
