package io.firebreak.server.ui;

import io.firebreak.server.Service;
import io.firebreak.server.config.ProcedureConfig;
import io.firebreak.server.store.ChecklistStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recovery checklist on an incident's page: start a configured procedure, finish the running step with
 * a note and start the next, and see planned against actual minutes per step and in total while it runs.
 * Both actions go through {@link ChecklistStore}, as {@code firebreak recover start|next} do, so each
 * step's start and end land in the timeline (and so in the post-mortem's) with both times.
 */
final class RecoveryChecklistView {
    static final String START = "recover-start";
    static final String NEXT = "recover-next";

    private final Service service;

    RecoveryChecklistView(Service service) {
        this.service = service;
    }

    private ChecklistStore store() {
        return new ChecklistStore(service.database(), service.incidents());
    }

    /** The template data: {@code checklist} (steps, totals) when one runs or ran, else the {@code procedures} to start. */
    Map<String, Object> view(String incidentId, Instant now) {
        List<ChecklistStore.Step> steps = store().steps(incidentId);
        Map<String, Object> data = new LinkedHashMap<>();
        List<Map<String, Object>> procedures = service.config().config().procedures().stream().map(procedure -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", procedure.name());
            row.put("title", procedure.title());
            row.put("planned", ChecklistStore.minutes(procedure.planned()));
            row.put("steps", procedure.steps().size());
            return row;
        }).toList();
        data.put("procedures", procedures);
        data.put("canStart", steps.isEmpty() && !procedures.isEmpty());
        data.put("hasChecklist", !steps.isEmpty());
        if (steps.isEmpty()) {
            return data;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        Duration planned = Duration.ZERO;
        boolean running = false;
        for (ChecklistStore.Step step : steps) {
            Map<String, Object> row = new LinkedHashMap<>();
            boolean isRunning = step.started().isPresent() && step.finished().isEmpty();
            running |= isRunning;
            row.put("number", step.number());
            row.put("title", step.title());
            row.put("planned", ChecklistStore.minutes(step.planned()));
            row.put("actual", step.actual(now).map(ChecklistStore::minutes).orElse("-"));
            row.put("state", isRunning ? "running" : step.finished().isPresent() ? "done" : "waiting");
            row.put("over", step.actual(now).map(actual -> actual.compareTo(step.planned()) > 0).orElse(false));
            row.put("note", step.note());
            rows.add(row);
            planned = planned.plus(step.planned());
        }
        Instant first = steps.getFirst().started().orElse(now);
        Instant end = steps.getLast().finished().orElse(now);
        Map<String, Object> checklist = new LinkedHashMap<>();
        checklist.put("procedure", steps.getFirst().procedure());
        checklist.put("steps", rows);
        checklist.put("plannedTotal", ChecklistStore.minutes(planned));
        checklist.put("actualTotal", ChecklistStore.minutes(Duration.between(first, end.isBefore(first) ? first : end)));
        checklist.put("running", running);
        checklist.put("complete", !running && steps.getLast().finished().isPresent());
        data.put("checklist", checklist);
        return data;
    }

    /** Runs {@code action} on the incident; an error for the page when it was refused. */
    Optional<String> act(String action, String incidentId, String procedure, String note, String actor, Instant now) {
        ChecklistStore.Outcome outcome;
        if (action.equals(START)) {
            Optional<ProcedureConfig> chosen = service.config().config().procedures().stream().filter(p -> p.name().equals(procedure)).findFirst();
            if (chosen.isEmpty()) {
                return Optional.of("Choose a procedure from the list.");
            }
            outcome = store().start(incidentId, chosen.get(), actor, now);
        } else {
            outcome = store().next(incidentId, note, actor, now);
        }
        return switch (outcome) {
            case ChecklistStore.Outcome.Done done -> Optional.empty();
            case ChecklistStore.Outcome.Refused refused -> Optional.of("Not changed: " + refused.reason());
        };
    }
}
