package io.firebreak.server.prometheus;

import io.firebreak.server.IncidentException;

/** No configured Prometheus answered; the message names the servers and why each failed. */
public final class PrometheusUnavailableException extends IncidentException {
    public PrometheusUnavailableException(String message) {
        super(message);
    }
}
