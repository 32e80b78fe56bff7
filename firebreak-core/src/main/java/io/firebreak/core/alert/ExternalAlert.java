package io.firebreak.core.alert;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert handed to Firebreak from outside: Alertmanager's webhook, Alertmanager's v2 push API
 * (Prometheus pointing at Firebreak), or the generic JSON API.
 *
 * @param source       {@code alertmanager}, {@code push} or {@code api}
 * @param endsAt       for a firing alert, when it expires unless refreshed (null: never); for a resolved one, when it ended
 * @param groupKey     which incident it belongs to: alerts with one key share one incident
 * @param identity     what identifies the alert when its labels may change (the generic API's dedup_key), or null:
 *                     the label set identifies it
 */
public record ExternalAlert(
        String source,
        Map<String, String> labels,
        Map<String, String> annotations,
        boolean firing,
        Instant startsAt,
        Instant endsAt,
        String generatorUrl,
        String groupKey,
        String identity,
        String fingerprint) {

    /** An alert identified by its label set. */
    public ExternalAlert(String source, Map<String, String> labels, Map<String, String> annotations, boolean firing,
                         Instant startsAt, Instant endsAt, String generatorUrl, String groupKey) {
        this(source, labels, annotations, firing, startsAt, endsAt, generatorUrl, groupKey, null, null);
    }

    /** An alert identified by {@code identity} when not null, else by its label set. */
    public ExternalAlert(String source, Map<String, String> labels, Map<String, String> annotations, boolean firing,
                         Instant startsAt, Instant endsAt, String generatorUrl, String groupKey, String identity) {
        this(source, labels, annotations, firing, startsAt, endsAt, generatorUrl, groupKey, identity, null);
    }

    /** The same alert, resolved at {@code at}. */
    public ExternalAlert resolvedAt(Instant at) {
        return new ExternalAlert(source, labels, annotations, false, startsAt, at, generatorUrl, groupKey, identity, fingerprint);
    }

    public ExternalAlert {
        if (source == null || source.isBlank() || groupKey == null || groupKey.isBlank() || startsAt == null) {
            throw new IllegalArgumentException("an external alert needs a source, a group key and a start");
        }
        // Sorted, so that the fingerprint below and every later reader walk it without sorting again.
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels == null ? Map.of() : labels));
        // Computed once: it is the alert's key, asked for many times per request.
        fingerprint = identity == null ? fingerprint(labels) : fingerprint(Map.of("dedup_key", identity));
        annotations = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(annotations == null ? Map.of() : annotations));
        generatorUrl = generatorUrl == null ? "" : generatorUrl;
    }

    /** Alertmanager's identity of an alert: a 64-bit FNV-1a hash of its sorted label set, as 16 hex digits. */
    @Override
    public String fingerprint() {
        return fingerprint;
    }

    /** The store key: a label set is one alert per source. */
    public String id() {
        return source + ":" + fingerprint();
    }

    public String alertname() {
        return labels.getOrDefault("alertname", "");
    }

    public static String fingerprint(Map<String, String> labels) {
        long hash = 0xcbf29ce484222325L;
        Map<String, String> sorted = labels instanceof java.util.SortedMap<String, String> || labels.size() < 2 ? labels : new TreeMap<>(labels);
        for (Map.Entry<String, String> label : sorted.entrySet()) {
            hash = fnv(hash, label.getKey());
            hash = fnv(hash, label.getValue());
        }
        String hex = Long.toHexString(hash);
        return "0".repeat(16 - hex.length()) + hex;
    }

    private static long fnv(long hash, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= 0xff;   // separator: {a="bc"} and {ab="c"} differ
        hash *= 0x100000001b3L;
        return hash;
    }
}
