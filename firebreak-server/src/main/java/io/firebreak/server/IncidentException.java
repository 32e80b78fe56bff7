package io.firebreak.server;

/** The root of Firebreak's unchecked exceptions; subclasses name the adapter that failed. */
public class IncidentException extends RuntimeException {
    public IncidentException(String message) {
        super(message);
    }

    public IncidentException(String message, Throwable cause) {
        super(message, cause);
    }
}
