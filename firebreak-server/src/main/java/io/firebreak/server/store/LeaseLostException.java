package io.firebreak.server.store;

/** A leader's write was refused because its lease expired or changed hands: it must stop acting and reload. */
public final class LeaseLostException extends StoreException {
    public LeaseLostException(String message) {
        super(message, null);
    }
}
