package io.firebreak.server.store;

/** The database cannot be reached or opened. The message names the URL without its password. */
public final class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
