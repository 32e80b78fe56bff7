package io.firebreak.server.ui;

import io.firebreak.server.Service;
import io.firebreak.server.recovery.RecoveryRoutes;
import io.javalin.http.Context;

/**
 * {@code /recovery}: the recovery objectives at a glance (the same data as {@code GET /api/v1/recovery}):
 * tiers with RTO compliance, each backup's age against its RPO with its last verified restore, and the
 * drills with their next due date. Read-only, for any signed-in visitor.
 */
final class RecoveryPage {
    private final Service service;
    private final UiAccess access;
    private final UiPages pages;

    RecoveryPage(Service service, UiAccess access, UiPages pages) {
        this.service = service;
        this.access = access;
        this.pages = pages;
    }

    void show(Context ctx) {
        var data = new java.util.LinkedHashMap<>(RecoveryRoutes.overview(service, service.clock().instant()));
        data.put("hasTiers", !((java.util.List<?>) data.get("tiers")).isEmpty());
        data.put("hasBackups", !((java.util.List<?>) data.get("backups")).isEmpty());
        data.put("hasDrills", !((java.util.List<?>) data.get("drills")).isEmpty());
        pages.show(ctx, 200, access.forPage(ctx), "recovery", "Recovery", "recovery", data);
    }
}
