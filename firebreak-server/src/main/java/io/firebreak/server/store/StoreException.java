package io.firebreak.server.store;

import io.firebreak.server.IncidentException;

/** A store operation failed for a reason other than an unreachable database. */
public class StoreException extends IncidentException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
