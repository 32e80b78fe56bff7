package io.firebreak.server.ui;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.postmortem.ActionItem;
import io.firebreak.core.postmortem.PostMortemDue;
import io.firebreak.core.postmortem.PostMortemState;
import io.firebreak.server.Service;
import io.firebreak.server.postmortem.PostMortems;
import io.firebreak.server.store.PostMortemStore;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /postmortems} (what is owed, what is overdue) and one incident's post-mortem page: the
 * document rendered from its Markdown (raw HTML escaped, unsafe links dropped), its state with the
 * review and publish buttons, and the action items with forms to add and close them. Every change
 * goes through {@link PostMortems}, so the document on disk is rendered again at once.
 */
final class PostMortemPages {
    private final Service service;
    private final UiAccess access;
    private final UiPages pages;
    private final PostMortems postMortems;

    PostMortemPages(Service service, UiAccess access, UiPages pages) {
        this.service = service;
        this.access = access;
        this.pages = pages;
        this.postMortems = PostMortems.of(service.config(), service.incidents(), new PostMortemStore(service.database()));
    }

    void list(Context ctx) {
        UiAccess.Visitor visitor = access.forPage(ctx);
        Instant now = service.clock().instant();
        Map<String, PostMortemStore.PostMortem> records = new LinkedHashMap<>();
        postMortems.store().list().forEach(record -> records.put(record.incidentId(), record));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PostMortemDue.Obligation obligation : postMortems.obligations()) {
            Incident incident = obligation.incident();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", incident.id());
            row.put("sev", incident.severity().sev());
            row.put("title", Optional.ofNullable(records.get(incident.id())).map(PostMortemStore.PostMortem::title).orElse(incident.title()));
            row.put("state", obligation.state().map(Enum::name).orElse("MISSING"));
            row.put("due", Views.time(obligation.due()));
            row.put("overdue", obligation.overdue(now));
            row.put("commander", incident.commander());
            rows.add(row);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("postmortems", rows);
        data.put("hasPostmortems", !rows.isEmpty());
        pages.show(ctx, 200, visitor, "postmortems", "Post-mortems", "postmortems", data);
    }

    void show(Context ctx) {
        detail(ctx, access.forPage(ctx), ctx.pathParam("id"), 200, "");
    }

    private void detail(Context ctx, UiAccess.Visitor visitor, String id, int status, String error) {
        Incident incident = service.incidents().find(id).orElseThrow(() -> new UiProblem(404, "There is no incident " + id + "."));
        Instant now = service.clock().instant();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("incident", Views.row(incident, now));
        Optional<PostMortemStore.PostMortem> record = postMortems.store().find(id);
        data.put("hasPostmortem", record.isPresent());
        record.ifPresent(r -> {
            data.put("state", r.state().name());
            data.put("path", r.path());
            data.put("canReview", r.state() == PostMortemState.DRAFT);
            data.put("canPublish", r.state() != PostMortemState.PUBLISHED);
        });
        postMortems.obligations().stream().filter(o -> o.incident().id().equals(id)).findFirst().ifPresent(o -> {
            data.put("due", Views.time(o.due()));
            data.put("overdue", o.overdue(now));
        });
        data.put("isOpen", incident.status().isOpen());
        Optional<String> document = postMortems.document(id);
        data.put("html", document.map(MarkdownView::render).orElse(""));
        data.put("hasDocument", document.isPresent());
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Map<String, Object>> items = new ArrayList<>();
        for (ActionItem item : postMortems.store().actions(Optional.of(id))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("number", item.number());
            row.put("priority", item.priority().name());
            row.put("description", item.description());
            row.put("owner", item.owner());
            row.put("due", item.due().toString());
            row.put("status", item.status().name());
            row.put("open", item.status() == ActionItem.Status.OPEN);
            row.put("overdue", item.overdue(today));
            row.put("tracker", Links.isHttp(item.trackerUrl()) ? item.trackerUrl() : "");
            items.add(row);
        }
        data.put("actions", items);
        data.put("hasActions", !items.isEmpty());
        data.put("today", today.toString());
        data.put("people", service.config().config().people().stream().map(person -> person.name()).toList());
        data.put("error", error);
        data.put("hasError", !error.isEmpty());
        pages.show(ctx, status, visitor, "postmortem", "Post-mortem " + incident.id(), "postmortems", data);
    }

    void act(Context ctx) {
        UiAccess.Visitor visitor = access.forAction(ctx, true);
        String id = ctx.pathParam("id");
        Instant now = service.clock().instant();
        try {
            switch (ctx.pathParam("action")) {
                case "create" -> postMortems.create(id, form(ctx, "title"), "on".equals(form(ctx, "force")), visitor.name(), now);
                case "review" -> postMortems.setState(id, PostMortemState.IN_REVIEW, visitor.name(), now);
                case "publish" -> postMortems.setState(id, PostMortemState.PUBLISHED, visitor.name(), now);
                case "action" -> postMortems.addAction(id, form(ctx, "priority"), form(ctx, "description"), form(ctx, "owner"),
                        form(ctx, "due"), form(ctx, "tracker_url"), now);
                case "close" -> postMortems.setActionStatus(id, number(ctx), ActionItem.Status.DONE, now);
                case "reopen" -> postMortems.setActionStatus(id, number(ctx), ActionItem.Status.OPEN, now);
                default -> throw new UiProblem(404, "There is no action '" + ctx.pathParam("action") + "' on post-mortems.");
            }
        } catch (PostMortems.Invalid e) {
            detail(ctx, visitor, id, 400, "Not saved: " + e.field() + ": " + e.getMessage());
            return;
        } catch (PostMortems.Conflict e) {
            detail(ctx, visitor, id, 409, "Not changed: " + e.getMessage());
            return;
        } catch (PostMortems.NotFound e) {
            throw new UiProblem(404, e.getMessage());
        }
        service.deliverSoon();
        ctx.redirect("/incidents/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/postmortem", HttpStatus.SEE_OTHER);
    }

    private static int number(Context ctx) {
        try {
            return Integer.parseInt(form(ctx, "number"));
        } catch (NumberFormatException e) {
            throw new UiProblem(400, "Which action item? The form lost its number; reload the page.");
        }
    }

    private static String form(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value.strip();
    }
}
