package io.firebreak.server.ui;

/**
 * A page request that cannot be served as asked: shown to the person as an HTML page with
 * {@code status} and {@code message} (never JSON, never a stack trace).
 */
final class UiProblem extends RuntimeException {
    private final int status;

    UiProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
