package io.firebreak.server.prometheus;

import io.firebreak.core.rule.Sample;
import java.util.List;

/** What a Prometheus instant query gave: samples, or why there are none. */
public sealed interface QueryResult {

    /** An instant vector (a scalar comes back as one sample without labels). */
    record Samples(List<Sample> samples, String server) implements QueryResult {
        public Samples {
            samples = List.copyOf(samples);
        }
    }

    /**
     * The query failed. {@code kind} tells whether another server might do better: a bad query is bad
     * everywhere, an unreachable server is not.
     */
    record Failure(Kind kind, String reason) implements QueryResult {}

    /** Why a query failed. */
    enum Kind {
        /** Prometheus refused the query itself (PromQL syntax, bad_data): the rule must be fixed. */
        BAD_QUERY,
        /** Connection refused, DNS, reset. */
        UNREACHABLE,
        /** No answer within the timeout. */
        TIMEOUT,
        /**
         * 5xx, 503 overloaded, an error envelope of the server's own (execution, timeout, canceled), or
         * 401/403: the server (or its proxy) will not answer us, which for detection is as blind as down.
         */
        SERVER_ERROR,
        /** Not Prometheus JSON: HTML from a proxy, garbage, a result type we cannot use. */
        BAD_RESPONSE;

        public boolean worthAnotherServer() {
            return this != BAD_QUERY;
        }
    }
}
