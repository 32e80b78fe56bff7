package io.firebreak.server.ui;

import io.firebreak.server.Service;
import io.firebreak.server.http.HttpServer;
import io.firebreak.server.store.StoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The web UI: server-rendered pages (mustache), htmx for the self-refreshing incident list, plain
 * CSS; no build step and nothing from a CDN. Pages need a login session (see {@link UiAccess});
 * every POST needs its CSRF token. Errors are HTML pages, not the API's JSON.
 */
public final class UiRoutes implements HttpServer.Routes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UiRoutes.class);

    private final UiPages pages;
    private final UiAccess access;
    private final IncidentPages incidents;
    private final AdminPages admin;
    private final OnCallPages onCall;
    private final RecoveryPage recovery;
    private final PostMortemPages postMortems;
    private final ReportsPage reports;
    private final byte[] css;

    public UiRoutes(Service service) {
        this(service, runbookRoots(service, System.getenv("FIREBREAK_HOME")));
    }

    /** @param runbookRoots the directories runbook files may be read from */
    UiRoutes(Service service, List<Path> runbookRoots) {
        this.pages = new UiPages(new UiTemplates());
        this.access = new UiAccess(service, pages);
        this.incidents = new IncidentPages(service, access, pages, new Runbooks(runbookRoots));
        this.admin = new AdminPages(service, access, pages);
        this.onCall = new OnCallPages(service, access, pages);
        this.recovery = new RecoveryPage(service, access, pages);
        this.postMortems = new PostMortemPages(service, access, pages);
        this.reports = new ReportsPage(service, access, pages);
        this.css = resource("/ui/static/firebreak.css");
    }

    static List<Path> runbookRoots(Service service, String firebreakHome) {
        List<Path> roots = new ArrayList<>();
        roots.add(service.config().baseDir());
        if (firebreakHome != null && !firebreakHome.isBlank()) {
            roots.add(Path.of(firebreakHome));
        }
        return roots;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.exception(LoginRequired.class, (e, ctx) -> UiAccess.sendToLogin(ctx));
        routes.exception(UiProblem.class, (e, ctx) -> pages.error(ctx, visitorOrNull(ctx), e.status(), e.getMessage()));
        routes.get(UiPages.CSS, ctx -> ctx.contentType("text/css; charset=utf-8").header("Cache-Control", "max-age=3600").result(css));
        routes.get("/login", page(access::loginForm));
        routes.post("/login", page(access::login));
        routes.post("/logout", page(access::logout));
        routes.get("/", page(incidents::list));
        routes.get("/ui/fragments/incidents", page(incidents::listFragment));
        routes.get("/incidents/{id}", page(incidents::show));
        routes.post("/incidents/{id}/{action}", page(incidents::act));
        routes.get("/rules", page(admin::rules));
        routes.get("/silences", page(admin::silences));
        routes.post("/silences", page(admin::createSilence));
        routes.post("/silences/{id}/expire", page(admin::expireSilence));
        routes.get("/oncall", page(onCall::show));
        routes.get("/recovery", page(recovery::show));
        routes.get("/postmortems", page(postMortems::list));
        routes.get("/incidents/{id}/postmortem", page(postMortems::show));
        routes.post("/incidents/{id}/postmortem/{action}", page(postMortems::act));
        routes.get("/reports", page(reports::show));
        routes.post("/oncall/overrides", page(onCall::addOverride));
        routes.post("/oncall/overrides/{id}/remove", page(onCall::removeOverride));
        routes.get("/notifications", page(admin::notifications));
        routes.post("/notifications/{id}/retry", page(admin::retry));
    }

    /** A page handler whose store failures become an HTML error page (the API's handler would answer JSON). */
    private Handler page(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (StoreException e) {
                LOG.warn("{} {}: store unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
                throw new UiProblem(503, "The store is unavailable right now; nothing was changed. Try again in a moment.");
            }
        };
    }

    /** The logged-in visitor for the chrome of an error page, or null (also when the store is what failed). */
    private UiAccess.Visitor visitorOrNull(io.javalin.http.Context ctx) {
        try {
            return access.current(ctx).orElse(null);
        } catch (StoreException e) {
            return null;
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = UiRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("UI resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read UI resource " + name, e);
        }
    }
}
